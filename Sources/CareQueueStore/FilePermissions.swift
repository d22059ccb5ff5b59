import CareQueueCore
import Foundation
import Synchronization

/// File-mode rules for the database: private to the user, or shared with one Unix group.
enum FilePermissions {
    /// The umask that makes new files 0600 (0660 when a group shares them).
    static func umask(sharedWithGroup: Bool) -> mode_t { sharedWithGroup ? 0o007 : 0o077 }

    /// Serialises umask changes: two opens interleaving set/restore would leave a wrong mask behind.
    private static let umaskLock = Mutex(())

    /// Runs `body` with the process umask set to `mask`, restoring the previous one afterwards.
    ///
    /// The umask is process-wide: a file another thread creates meanwhile gets this mask too.
    static func withUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        try umaskLock.withLock { _ in
            let previous = Foundation.umask(mask)
            defer { _ = Foundation.umask(previous) }
            return try body()
        }
    }

    /// The group id of `name`, or nil when the host has no such group.
    static func groupID(named name: String) -> gid_t? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    /// Gives the database and its -wal/-shm to `gid` with mode 0660.
    ///
    /// With `required`, a failure on the database file itself throws; files that do not exist yet
    /// (SQLite makes -wal/-shm lazily, copying the database's mode) are skipped.
    static func share(databaseAt path: String, with gid: gid_t, required: Bool) throws {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let owned = chown(file, uid_t.max, gid) == 0 && chmod(file, 0o660) == 0
            if !owned, required, file == path { throw StoreError.permissionDenied(path: path) }
        }
    }
}
