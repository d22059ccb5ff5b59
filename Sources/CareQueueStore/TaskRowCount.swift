extension CareQueueDatabase {
    /// Every task row, open or closed: how far derivation has got, for the benches.
    public func taskRowCount() throws -> Int {
        try engine.read { db in try db.value(Int.self, "SELECT count(*) FROM tasks") ?? 0 }
    }
}
