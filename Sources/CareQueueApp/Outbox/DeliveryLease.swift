import CareQueueStore

/// The right to send the outbox: one worker per database at a time, whichever host it runs on.
///
/// On SQLite it is `ExclusiveFileLock.delivery`, a file beside the database (only one host holds
/// the file); on PostgreSQL, where listeners and dashboards on several hosts share the database,
/// the store's session lock (`CareQueueDatabase.outboxDeliveryLock`), which the server drops with
/// its holder's connection. Either way a holder that dies lets the next one in, with nothing to expire.
public protocol DeliveryLease: Sendable {
    /// Takes the lease if it is free; true while this process holds it (now or already). Throws
    /// when it cannot be asked for (the lock file cannot be opened, the server cannot be reached).
    func tryAcquire() throws -> Bool
    /// Lets it go, for the next worker to take.
    func release()
}

extension ExclusiveFileLock: DeliveryLease {}

extension SessionLock: DeliveryLease {}

extension CareQueueDatabase {
    /// The outbox's delivery lease for this store.
    public func deliveryLease() -> any DeliveryLease {
        outboxDeliveryLock() ?? ExclusiveFileLock.delivery(databasePath: path)
    }
}
