import CareQueueCore
import Foundation

/// Stores a group of items in ONE transaction — the ACK's — each in its own savepoint (a group of
/// one needs none). Only the messages are written here; their tasks are derived after the commit.
/// Confined to the writer thread.
final class GroupCommit {
    /// What one committed group stored, for the ACKs and for derivation.
    struct Stored {
        var results: [Result<IngestOutcome, StoreFailure>]
        /// False when the transaction itself failed: every item failed and nothing was written.
        var committed: Bool
        /// The rows written, with what derivation needs to know of each.
        var messages: [(id: Int64, stored: Derivation.Stored, rawBytes: Int)] = []
    }

    private let database: CareQueueDatabase
    private let config: CareQueueConfig
    private let timeSource: any TimeSource

    init(database: CareQueueDatabase, config: CareQueueConfig, timeSource: any TimeSource) {
        self.database = database
        self.config = config
        self.timeSource = timeSource
    }

    /// One result per item, available only after COMMIT returned. `beforeCommit` gets the rows
    /// written just before the COMMIT is sent (they may not commit after all).
    func commit(_ items: [IngestItem],
                beforeCommit: ((_ messages: [(id: Int64, stored: Derivation.Stored, rawBytes: Int)]) -> Void)? = nil) -> Stored {
        let now = StoreTime.truncated(timeSource.now())
        let path = database.path
        var stored = Stored(results: [], committed: false)
        do {
            // Throws the remembered problem when the audit key is unusable: nothing is acknowledged
            // that could not be derived and audited.
            let chain = try database.auditChain()
            let osUser = database.osUser
            try database.engine.write { connection -> (value: Void, commit: Bool) in
                var ingest = MessageIngest(connection: connection, now: now,
                                           audit: LazyAuditTrail(connection, chain: chain, osUser: osUser, path: path),
                                           reusedControlID: config.listener.reusedControlID)
                ingest.lockedIdentities = try Self.lockIdentities(of: items, connection)
                if items.count == 1 {
                    let (result, commit) = try ingestAlone(items[0], ingest, connection)
                    stored = Self.stored([result], items, now: now)
                    if commit { beforeCommit?(stored.messages) }
                    return ((), commit)
                }
                stored = Self.stored(try ingestEach(items, ingest, connection), items, now: now)
                beforeCommit?(stored.messages)
                return ((), true)
            }
            stored.committed = true
            return stored
        } catch {
            let failure = StoreFailure.database(StoreError.from(error, path: path))
            return Stored(results: items.map { _ in .failure(failure) }, committed: false)
        }
    }

    private static func stored(_ results: [Result<(outcome: IngestOutcome, messageID: Int64?), StoreFailure>],
                               _ items: [IngestItem], now: Date) -> Stored {
        var stored = Stored(results: [], committed: false)
        for (item, result) in zip(items, results) {
            switch result {
            case .success(let success):
                stored.results.append(.success(success.outcome))
                guard let id = success.messageID else { continue }
                if case .accepted = success.outcome, case .result(let message) = item.content {
                    stored.messages.append((id, .result(message, charsetWarning: item.charsetWarning, storedAt: now), item.raw.count))
                } else if case .accepted = success.outcome, case .order(let message) = item.content {
                    stored.messages.append((id, .order(message, storedAt: now), item.raw.count))
                } else if case .accepted = success.outcome, case .consultNote(let note) = item.content {
                    stored.messages.append((id, .consultNote(note, charsetWarning: item.charsetWarning, storedAt: now), item.raw.count))
                } else {
                    stored.messages.append((id, .refused, item.raw.count))
                }
            case .failure(let failure):
                stored.results.append(.failure(failure))
            }
        }
        return stored
    }

    /// On PostgreSQL, the group's message identities are locked up front in one order, so two
    /// listeners holding the same resends in different orders queue behind each other instead of
    /// deadlocking; `MessageIngest` does not take them again. One statement takes them all, in the
    /// order of the values (one round trip, not one per message). The identities locked.
    private static func lockIdentities(of items: [IngestItem], _ connection: any SQLConnection) throws -> Set<String> {
        guard connection.dialect == .postgres, items.count > 1 else { return [] }
        let texts = Set(items.compactMap { item in
            item.content.acceptedIdentity.map { MessageIngest.identityLockText($0.sender, $0.controlID) }
        })
        guard !texts.isEmpty else { return [] }
        let sorted = texts.sorted()
        let rows = sorted.indices.map { _ in "(?, ?)" }.joined(separator: ", ")
        try connection.execute("""
            SELECT pg_advisory_xact_lock(hashtextextended(identity, 0))
            FROM (VALUES \(rows)) AS identities(ordinal, identity) ORDER BY ordinal
            """) { values in
            for (position, text) in sorted.enumerated() {
                values.add(position)
                values.add(text)
            }
        }
        return texts
    }

    /// One item is its transaction: no savepoint (on SQLite a journal to write, on PostgreSQL two
    /// round trips); a failing item rolls the transaction back instead, and is answered with the
    /// error all the same.
    private func ingestAlone(_ item: IngestItem, _ ingest: MessageIngest, _ connection: any SQLConnection) throws
        -> (Result<(outcome: IngestOutcome, messageID: Int64?), StoreFailure>, Bool) {
        do {
            return (.success(try ingest.ingest(item)), true)
        } catch {
            if !connection.isInsideTransaction { throw error }
            return (.failure(.database(StoreError.from(error, path: database.path))), false)
        }
    }

    private func ingestEach(_ items: [IngestItem], _ ingest: MessageIngest,
                            _ connection: any SQLConnection) throws -> [Result<(outcome: IngestOutcome, messageID: Int64?), StoreFailure>] {
        var results: [Result<(outcome: IngestOutcome, messageID: Int64?), StoreFailure>] = []
        results.reserveCapacity(items.count)
        for item in items {
            let mark = ingest.audit.mark
            do {
                var outcome: (outcome: IngestOutcome, messageID: Int64?)?
                try connection.savepoint {
                    outcome = try ingest.ingest(item)
                }
                results.append(.success(outcome!))
            } catch {
                ingest.audit.rewind(to: mark)
                // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the
                // items before this one are gone too, and the group must fail as a whole.
                if !connection.isInsideTransaction { throw error }
                results.append(.failure(.database(StoreError.from(error, path: database.path))))
            }
        }
        return results
    }
}
