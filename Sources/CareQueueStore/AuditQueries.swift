import CareQueueCore
import Foundation

/// What `audit verify` found.
public enum AuditVerdict: Sendable, Equatable {
    /// Every row verifies and the newest anchor covers the newest row.
    case intact(rows: Int, keyed: Bool)
    /// Every row verifies, but the newest `unanchored` rows came after the newest anchor (written
    /// in the last few seconds by a running CareQueue, or before a process was killed): they are
    /// not yet protected against removal. `anchoredThrough` is nil when nothing was ever anchored.
    case unanchored(rows: Int, keyed: Bool, anchoredThrough: Int64?, unanchored: Int)
    /// The first row that does not verify, and why.
    case broken(seq: Int64, why: String)
    /// Rows `from` through `through` were removed from the end of the chain: the anchor (or
    /// SQLite's own sequence) says they existed.
    case missing(from: Int64, through: Int64, evidence: String)
    /// The anchor itself cannot be read or trusted.
    case anchorBroken(String)
    /// The chain is keyed and no key was given.
    case keyRequired
    /// The key given is not the one the chain was made with.
    case wrongKey

    /// How the evidence of rows missing after a purge's checkpoint (not from the end) begins.
    public static let checkpointEvidence = "the chain restarts at row "
}

extension CareQueueDatabase {
    /// Audit rows in order, all or those of one task.
    public func auditRecords(taskID: Int64? = nil) throws -> [AuditRecord] {
        try auditRecords(AuditFilter(taskID: taskID))
    }

    /// The audit rows `filter` selects, oldest first, each naming the roster person its account
    /// logs in as.
    public func auditRecords(_ filter: AuditFilter) throws -> [AuditRecord] {
        var conditions: [String] = []
        var bindings = SQLBindings()
        if let taskID = filter.taskID {
            conditions.append("audit.task_id = ?")
            bindings.add(taskID)
        }
        if let action = filter.action {
            conditions.append("audit.action = ?")
            bindings.add(action)
        }
        if let mrn = filter.mrn {
            // Message views carry the message in their details, not a task: they count when the
            // message reported one of the patient's results.
            conditions.append("""
                (audit.task_id IN (SELECT id FROM tasks WHERE patient_mrn = ?)
                 OR (audit.action = '\(AccessAuditEntry.messageViewed)'
                     AND \(dialect.jsonInteger("audit.details", "message_id")) IN (
                         SELECT latest_message_id FROM tasks WHERE patient_mrn = ?
                         UNION SELECT observations.message_id FROM observations
                             JOIN tasks ON tasks.id = observations.task_id WHERE tasks.patient_mrn = ?)))
                """)
            for _ in 0..<3 { bindings.add(mrn) }
        }
        if filter.excludingAccess {
            conditions.append("audit.action NOT IN (\(AccessAuditEntry.actions.sorted().map { "'\($0)'" }.joined(separator: ", ")))")
        }
        let sql = """
            SELECT audit.*, providers.name AS os_user_name FROM audit
                LEFT JOIN providers ON providers.login = audit.os_user
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY audit.seq
            """
        let bound = bindings
        return try engine.read { db in
            try db.fetchAll(sql) { $0 = bound }.map { row in
                let entry = AuditEntryRecord(row)
                return AuditRecord(seq: entry.seq, at: StoreTime.date(entry.at) ?? .distantPast, user: entry.user,
                                   action: entry.action, taskID: entry.taskID, details: entry.details, hash: entry.hash,
                                   osUser: entry.osUser, osUserName: row["os_user_name"])
            }
        }
    }

    /// Checks the whole audit chain with `chain` (keyed with `[audit] key_file`, or plain) against
    /// its anchor.
    ///
    /// A keyed chain needs the key; and with a key, a chain that claims not to be keyed fails, since
    /// that is exactly what recomputing it without the key would leave behind.
    public func verifyAudit(with chain: AuditChain) throws -> AuditVerdict {
        let anchor: AuditAnchorLog
        do {
            // On PostgreSQL, where another host's prune restarted the chain (its MAC checked).
            try adoptSharedCheckpoint(chain: chain)
            anchor = try auditAnchor.log()
        } catch {
            return .anchorBroken(String(describing: error))
        }
        return try engine.read { db in
            let record = try AuditChainRecord.read(db)
            let first = try db.value(Int64.self, "SELECT min(seq) FROM audit")
            if record?.keyed == true, !chain.isKeyed { return .keyRequired }
            if chain.isKeyed, let first, record?.keyed != true {
                return .broken(seq: first, why: "the database says its chain is not keyed, but a key file was given: "
                    + "the chain was written or recomputed without the key")
            }
            if chain.isKeyed, let record, record.keyCheck != chain.keyCheck { return .wrongKey }
            if let problem = anchor.problem(chain: chain) {
                return .anchorBroken("the audit anchor \(path)-audit-anchor cannot be trusted: \(problem.description)")
            }
            return try Self.verify(db, chain: chain, anchor: anchor, firstSeq: first)
        }
    }

    /// Rows `verify` reads at a time.
    static let verifyPageSize = 5_000

    private static func verify(_ db: any SQLConnection, chain: AuditChain, anchor: AuditAnchorLog,
                               firstSeq: Int64?) throws -> AuditVerdict {
        var walk = AuditChainWalk(chain: chain, expectedPrevious: AuditChain.genesis)
        // A checkpoint (a retention purge) restarts the chain at its row, with its hash as the previous one.
        if let firstSeq {
            switch anchor.start(firstSeq: firstSeq) {
            case .genesis: break
            case .checkpoint(let checkpoint): walk.expectedPrevious = checkpoint.hash
            case .missing(let from, let through):
                return .missing(from: from, through: through,
                                evidence: AuditVerdict.checkpointEvidence + "\(from) after a purge, but begins at row \(firstSeq)")
            }
        }
        let head = anchor.latestHead
        // Read in pages, not all at once: the chain may hold millions of rows.
        var after = Int64.min
        while true {
            let page = try db.fetchAll("SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?") {
                $0.add(after)
                $0.add(Self.verifyPageSize)
            }.map(AuditEntryRecord.init)
            guard let last = page.last else { break }
            after = last.seq
            for row in page {
                if let broken = walk.step(row) { return .broken(seq: broken.seq, why: broken.why) }
                if let head, walk.lastSeq == head.seq, walk.expectedPrevious != head.hash {
                    return .broken(seq: head.seq, why: "it does not hold the hash it was anchored with at \(Timestamp.iso(head.at))")
                }
            }
        }
        let last = walk.lastSeq ?? 0
        if let head, last < head.seq {
            return .missing(from: last + 1, through: head.seq,
                            evidence: "row \(head.seq) was anchored at \(Timestamp.iso(head.at))")
        }
        // SQLite's AUTOINCREMENT remembers the highest seq ever used: rows cut off the end show here
        // too. PostgreSQL has no such record (the store numbers rows itself): the anchor is the evidence.
        let highest = db.dialect == .sqlite
            ? try db.value(Int64.self, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0 : 0
        if highest > last {
            return .missing(from: last + 1, through: highest, evidence: "SQLite's sequence for the table reached \(highest)")
        }
        let anchoredThrough = head?.seq
        let unanchored = walk.count == 0 ? 0 : Int(last - max(anchoredThrough ?? 0, (firstSeq ?? 1) - 1))
        if unanchored > 0 {
            return .unanchored(rows: walk.count, keyed: chain.isKeyed, anchoredThrough: anchoredThrough, unanchored: unanchored)
        }
        return .intact(rows: walk.count, keyed: chain.isKeyed)
    }
}

extension CareQueueDatabase {
    /// The retention checkpoint the stored chain starts at, if a purge pruned its first rows.
    public func auditRestart() throws -> AuditAnchorRecord? {
        let log = try auditAnchor.log()
        guard let first = try engine.read({ db in try db.value(Int64.self, "SELECT min(seq) FROM audit") }),
              case .checkpoint(let checkpoint) = log.start(firstSeq: first) else { return nil }
        return checkpoint
    }
}
