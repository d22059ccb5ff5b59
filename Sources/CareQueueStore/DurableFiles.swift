import CareQueueCore
import Foundation

/// Makes what SQLite has written to the database and its WAL durable, whatever `synchronous` the
/// transactions that wrote it ran with.
enum DurableFiles {
    /// fsyncs the database file and its WAL (when present). Under `synchronous = NORMAL` a commit
    /// is not synced; anything that witnesses rows outside the database (the audit anchor) calls
    /// this first, so the witness never claims rows a power cut could take back.
    static func sync(databaseAt path: String) throws {
        for file in [path + "-wal", path] {
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 {
                if errno == ENOENT, file != path { continue }
                throw StoreError.sqlite(code: errno, message: "cannot open \(file) to sync it: \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            if fsync(descriptor) != 0 {
                throw StoreError.sqlite(code: errno, message: "cannot sync \(file): \(String(cString: strerror(errno)))")
            }
        }
    }
}
