import CareQueueCore
import Foundation
import GRDB

/// Commits a group of items in ONE transaction, each in its own savepoint (a group of one needs none).
/// Confined to the writer thread.
final class GroupCommit {
    private let database: CareQueueDatabase
    private let config: CareQueueConfig
    private let timeSource: any TimeSource
    private var rosterCache = RosterCache()

    init(database: CareQueueDatabase, config: CareQueueConfig, timeSource: any TimeSource) {
        self.database = database
        self.config = config
        self.timeSource = timeSource
    }

    /// One result per item, available only after COMMIT returned; `committed` is false when the
    /// transaction itself failed (then every item failed and nothing was written).
    func commit(_ items: [IngestItem]) -> (results: [Result<IngestOutcome, StoreFailure>], committed: Bool) {
        let now = StoreTime.truncated(timeSource.now())
        let path = database.path
        var results: [Result<IngestOutcome, StoreFailure>] = []
        do {
            let chain = try database.auditChain()
            let osUser = database.osUser
            try database.pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let audit = try AuditTrail(db, chain: chain, osUser: osUser, path: path)
                    if items.count == 1 {
                        let (result, completion) = try ingestAlone(items[0], now: now, audit: audit, db)
                        results = [result]
                        return completion
                    }
                    results = try ingestEach(items, now: now, audit: audit, db)
                    return .commit
                }
            }
            return (results, true)
        } catch {
            let failure = StoreFailure.database(StoreError.from(error, path: path))
            return (items.map { _ in .failure(failure) }, false)
        }
    }

    private func makeIngest(now: Date, audit: AuditTrail, _ db: Database) throws -> MessageIngest {
        MessageIngest(db: db, roster: try rosterCache.roster(db), now: now, windows: config.windows,
                      tiers: config.tiers, audit: audit, reusedControlID: config.listener.reusedControlID)
    }

    /// One item is its transaction: no savepoint (whose journal would be one more thing to write);
    /// a failing item rolls the transaction back instead.
    private func ingestAlone(_ item: IngestItem, now: Date, audit: AuditTrail,
                             _ db: Database) throws -> (Result<IngestOutcome, StoreFailure>, Database.TransactionCompletion) {
        let ingest = try makeIngest(now: now, audit: audit, db)
        do {
            return (.success(try ingest.ingest(item)), .commit)
        } catch {
            if !db.isInsideTransaction { throw error }
            return (.failure(.database(StoreError.from(error, path: database.path))), .rollback)
        }
    }

    private func ingestEach(_ items: [IngestItem], now: Date, audit: AuditTrail,
                            _ db: Database) throws -> [Result<IngestOutcome, StoreFailure>] {
        let ingest = try makeIngest(now: now, audit: audit, db)
        var results: [Result<IngestOutcome, StoreFailure>] = []
        results.reserveCapacity(items.count)
        for item in items {
            let mark = audit.mark
            do {
                var outcome: IngestOutcome?
                try db.inSavepoint {
                    outcome = try ingest.ingest(item)
                    return .commit
                }
                results.append(.success(outcome!))
            } catch {
                audit.rewind(to: mark)
                // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the
                // items before this one are gone too, and the group must fail as a whole.
                if !db.isInsideTransaction { throw error }
                results.append(.failure(.database(StoreError.from(error, path: database.path))))
            }
        }
        return results
    }
}
