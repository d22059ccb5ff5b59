/// Tells a dashboard when anyone (this process or another, on this host or another) committed, on
/// either store: SQLite's `PRAGMA data_version` (`DataVersionPoller`), PostgreSQL's LISTEN/NOTIFY
/// (`PostgresChangeListener`). Made by `CareQueueDatabase.changeSignal()`.
public struct StoreChangeSignal: Sendable {
    fileprivate enum Source: Sendable {
        case dataVersion(DataVersionPoller)
        case notifications(PostgresChangeListener)
    }

    private let source: Source

    /// True when a commit happened since the previous call (the first call says true). Returns at
    /// once on either store: cheap enough to ask every 100 ms from the UI's watcher.
    public func changed() throws -> Bool {
        switch source {
        case .dataVersion(let poller): try poller.changed()
        case .notifications(let listener): listener.changed()
        }
    }

    fileprivate init(_ source: Source) {
        self.source = source
    }
}

extension CareQueueDatabase {
    /// A new signal with a connection of its own to this store (one per dashboard).
    public func changeSignal() throws -> StoreChangeSignal {
        if let engine = engine as? PostgresEngine {
            return StoreChangeSignal(.notifications(try PostgresChangeListener(settings: engine.settings)))
        }
        return StoreChangeSignal(.dataVersion(try DataVersionPoller(database: self)))
    }
}
