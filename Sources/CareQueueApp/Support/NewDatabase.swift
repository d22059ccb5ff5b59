import Foundation

/// A database a command created and then could not use: removed, with the files beside it, so a
/// failed first start leaves nothing that looks like a store behind.
public enum NewDatabase {
    /// The files a store keeps beside `path`.
    static let companions = ["-wal", "-shm", "-journal", "-audit-anchor", "-listener.lock", "-outbox.lock"]

    /// True when nothing is at `path` yet.
    public static func isAbsent(_ path: String) -> Bool {
        !FileManager.default.fileExists(atPath: path)
    }

    public static func remove(_ path: String) {
        for file in [path] + companions.map({ path + $0 }) {
            try? FileManager.default.removeItem(atPath: file)
        }
    }
}
