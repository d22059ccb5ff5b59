import CareQueueCore
import Foundation

extension AuditKeyFile {
    /// The chain for `path`'s key bytes (the whole file), or the unkeyed chain when `path` is nil.
    public static func chain(path: String?) throws(AuditKeyFileError) -> AuditChain {
        guard let path else { return AuditChain(key: nil) }
        return AuditChain(key: try bytes(path: path))
    }

    /// The whole file as the key; refuses missing or unreadable files and short ones (see `key`).
    public static func bytes(path: String) throws(AuditKeyFileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditKeyFileError("audit key file \(path) does not exist")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw AuditKeyFileError("audit key file \(path) cannot be read")
        }
        return try key([UInt8](data), path: path)
    }
}
