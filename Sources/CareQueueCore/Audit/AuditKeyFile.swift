/// Why `[audit] key_file` cannot be used; `description` is the one line the user sees.
public struct AuditKeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the `[audit] key_file` that turns the audit chain into an HMAC must hold; the store reads it.
public enum AuditKeyFile {
    /// The fewest key bytes accepted: HMAC-SHA-256 is only as strong as its key.
    public static let minimumBytes = 32

    /// `bytes`, the whole file at `path`, as the key; refuses files shorter than `minimumBytes`.
    public static func key(_ bytes: [UInt8], path: String) throws(AuditKeyFileError) -> [UInt8] {
        guard bytes.count >= minimumBytes else {
            throw AuditKeyFileError("audit key file \(path) holds \(bytes.count) bytes; it needs at least "
                + "\(minimumBytes) random bytes (e.g. `head -c 32 /dev/urandom > \(path)`)")
        }
        return bytes
    }
}
