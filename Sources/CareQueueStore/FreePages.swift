import GRDB

extension CareQueueDatabase {
    /// Bytes inside the database file on SQLite's free list: what a purge freed (and anything freed
    /// before). With `auto_vacuum` off (SQLite's default, and CareQueue's) the file does not shrink;
    /// new rows reuse these pages first. Only `VACUUM` gives them back to the file system.
    public func freeBytes() throws -> Int64 {
        try read { db in
            let pages = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return pages * size
        }
    }
}
