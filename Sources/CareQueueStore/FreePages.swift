extension CareQueueDatabase {
    /// Bytes inside the database file on SQLite's free list: what a purge freed (and anything freed
    /// before). With `auto_vacuum` off (SQLite's default, and CareQueue's) the file does not shrink;
    /// new rows reuse these pages first. Only `VACUUM` gives them back to the file system.
    /// 0 on PostgreSQL, whose autovacuum tracks free space itself.
    public func freeBytes() throws -> Int64 {
        guard dialect == .sqlite else { return 0 }
        return try engine.read { db in
            let pages = try db.value(Int64.self, "PRAGMA freelist_count") ?? 0
            let size = try db.value(Int64.self, "PRAGMA page_size") ?? 0
            return pages * size
        }
    }
}
