import CareQueueCore
import Foundation
import Synchronization

/// The awaiting counts, counted once and then reused until something can have changed them: a
/// write to `orders` that matters (`orders_version` moved), the clock reaching the next order's
/// expected time, or the clock going back. A dashboard re-reads its
/// overview on every store change and every 10 s; most of those reads cost one row here.
public final class AwaitingTally: Sendable {
    private struct Snapshot: Sendable {
        var version: Int64
        var asOf: Date
        var counts: AwaitingCounts
    }

    private let database: CareQueueDatabase
    private let cached = Mutex<Snapshot?>(nil)

    public init(database: CareQueueDatabase) {
        self.database = database
    }

    /// The counts as of `now`.
    public func counts(at now: Date) throws -> AwaitingCounts {
        let previous = cached.withLock { $0 }
        let snapshot = try database.engine.read { db in
            let version = try CareQueueDatabase.ordersVersion(db)
            if let previous, previous.version == version, previous.asOf <= now,
               previous.counts.nextLateAt.map({ now < $0 }) ?? true {
                return previous
            }
            return Snapshot(version: version, asOf: now, counts: try CareQueueDatabase.awaitingCounts(at: now, db))
        }
        cached.withLock { $0 = snapshot }
        return snapshot.counts
    }
}
