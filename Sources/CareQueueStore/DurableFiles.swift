import CareQueueCore
import Foundation
import Synchronization

/// Makes what SQLite has written to the database and its WAL durable, whatever `synchronous` the
/// transactions that wrote it ran with.
enum DurableFiles {
    /// One descriptor per database file, opened once and never closed: closing any descriptor of a
    /// file drops every POSIX lock this process holds on it — SQLite's too. Without its shared
    /// lock, another process closing its last connection takes this process for gone, checkpoints
    /// and deletes the WAL, and every later commit here lands in the unlinked file, seen by no one.
    /// (The WAL carries no locks: its descriptor may be opened and closed each time.) A file
    /// replaced at the same path gets a descriptor of its own; the old one stays open, as SQLite
    /// may still hold locks on the old file through it.
    private static let databaseDescriptors = Mutex<[String: [Int32]]>([:])

    /// fsyncs the database file and its WAL (when present). Under `synchronous = NORMAL` a commit
    /// is not synced; anything that witnesses rows outside the database (the audit anchor) calls
    /// this first, so the witness never claims rows a power cut could take back.
    static func sync(databaseAt path: String) throws {
        let wal = open(path + "-wal", O_RDONLY | O_CLOEXEC)
        if wal >= 0 {
            defer { close(wal) }
            try fsync(wal, path + "-wal")
        } else if errno != ENOENT {
            throw failure("cannot open \(path)-wal to sync it")
        }
        try fsync(try databaseDescriptor(path), path)
    }

    private static func databaseDescriptor(_ path: String) throws -> Int32 {
        var file = stat()
        guard stat(path, &file) == 0 else { throw failure("cannot find \(path) to sync it") }
        return try databaseDescriptors.withLock { descriptors in
            for descriptor in descriptors[path, default: []] {
                var opened = stat()
                if fstat(descriptor, &opened) == 0, opened.st_dev == file.st_dev, opened.st_ino == file.st_ino {
                    return descriptor
                }
            }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure("cannot open \(path) to sync it") }
            descriptors[path, default: []].append(descriptor)
            return descriptor
        }
    }

    private static func fsync(_ descriptor: Int32, _ file: String) throws {
        if Foundation.fsync(descriptor) != 0 { throw failure("cannot sync \(file)") }
    }

    private static func failure(_ what: String) -> StoreError {
        .sqlite(code: errno, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
