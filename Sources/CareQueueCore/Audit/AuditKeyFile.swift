import Foundation

/// Why `[audit] key_file` cannot be used; `description` is the one line the user sees.
public struct AuditKeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads the `[audit] key_file` that turns the audit chain into an HMAC.
public enum AuditKeyFile {
    /// The fewest key bytes accepted: HMAC-SHA-256 is only as strong as its key.
    public static let minimumBytes = 32

    /// The chain for `path`'s key bytes (the whole file), or the unkeyed chain when `path` is nil.
    public static func chain(path: String?) throws(AuditKeyFileError) -> AuditChain {
        guard let path else { return AuditChain(key: nil) }
        return AuditChain(key: try bytes(path: path))
    }

    /// The whole file as the key; refuses unreadable files and files shorter than `minimumBytes`.
    public static func bytes(path: String) throws(AuditKeyFileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditKeyFileError("audit key file \(path) does not exist")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw AuditKeyFileError("audit key file \(path) cannot be read")
        }
        guard data.count >= minimumBytes else {
            throw AuditKeyFileError("audit key file \(path) holds \(data.count) bytes; it needs at least "
                + "\(minimumBytes) random bytes (e.g. `head -c 32 /dev/urandom > \(path)`)")
        }
        return [UInt8](data)
    }
}
