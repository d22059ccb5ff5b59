import CareQueueStore
import Foundation

/// The schema ceiling: what the store's own statements cost when SQLite runs them with nothing else
/// — no MLLP, no parsing, no GRDB, no writer thread — on a database made by the real migrations,
/// WAL, synchronous=FULL, foreign keys on (GRDB's default, so the REFERENCES are checked as in the store).
///
/// The statements are the ones the store runs to ingest one bench message (a new order, 8 OBX,
/// no roster), same SQL text, values of the same kinds and sizes, fresh ids. How far the listener
/// falls short of this at the same group size is what the store, not the schema, costs.
enum SchemaCeiling {
    /// Once per transaction: `GroupCommit.commit` (BEGIN IMMEDIATE … COMMIT), `AuditTrail.init`
    /// (the chain's keying check and the chain's tail), `RosterCache.roster` (has the roster moved?).
    static let readAuditTail = "SELECT * FROM audit ORDER BY seq DESC LIMIT 1"
    static let transactionStatements = [
        IngestSQL.beginImmediate,
        "SELECT * FROM audit_chain WHERE id = 1",
        readAuditTail,
        "SELECT value FROM roster_version WHERE id = 1",
        IngestSQL.commit,
    ]

    /// Per message, in `MessageIngest`'s order for a new order: the savepoint around each item
    /// (`GroupCommit.ingestEach`); the duplicate check (`originalMessageID`); the raw
    /// message (`insertMessage`); the task lookups by filler, then placer number (`TaskRows.find`,
    /// both miss for a new order); the task (`TaskRows.insert`); each OBX (`insertObservations`, run
    /// 8 times); the one audit row a new task appends (`task.created`, `AuditTrail.append`).
    static let savepoint = IngestSQL.savepoint
    static let release = IngestSQL.release
    static let findOriginal = IngestSQL.findOriginal
    static let insertMessage = IngestSQL.insertMessage
    static let findByFiller = IngestSQL.findTaskByFiller
    static let findByPlacer = IngestSQL.findTaskByPlacer
    static let insertTask = IngestSQL.insertTask
    static let insertObservation = IngestSQL.insertObservation
    static let insertAudit = IngestSQL.insertAudit

    static let messageStatements = [savepoint, findOriginal, insertMessage, findByFiller, findByPlacer, insertTask,
                               insertObservation, insertAudit, release]

    /// Rows one bench message writes: messages, tasks, observations, audit.
    static let rowsPerMessage = (messages: 1, tasks: 1, observations: 8, audit: 1)

    /// Messages per second at `perTransaction` messages per transaction, for about `seconds`, in a
    /// fresh database under `folder`.
    static func rate(in folder: URL, perTransaction: Int, seconds: Double = 1) throws -> Double {
        let path = folder.appendingPathComponent("ceiling-\(perTransaction).sqlite").path
        try createDatabase(at: path)
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        let count = try run(at: path, perTransaction: perTransaction) { _ in ContinuousClock.now < deadline }
        return Double(count) / ((ContinuousClock.now - start).milliseconds / 1000)
    }

    /// A CareQueue database at `path`: the real migrations, then closed.
    static func createDatabase(at path: String) throws {
        _ = try CareQueueDatabase(path: path)
    }

    /// Ingests bench messages into the database at `path`, `perTransaction` at a time, while
    /// `keepGoing(messages so far)`; returns how many.
    static func run(at path: String, perTransaction: Int, while keepGoing: (Int) -> Bool) throws -> Int {
        let db = try RawSQLite(path: path)
        try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
        // The chain's keying, recorded by the first audit row ever; not part of the steady state.
        try db.execute("INSERT OR IGNORE INTO audit_chain (id, keyed, key_check) VALUES (1, 0, NULL)")
        let begin = try transactionStatements.dropLast().map(db.prepare)
        let commit = try db.prepare(transactionStatements.last!)
        let statements = try Statements(db)
        let corpus = BenchMessages.fresh()
        var values = CeilingValues(corpus: corpus)
        var count = 0
        while keepGoing(count) {
            var tail: Int64?
            for statement in begin {
                let first = try statement.run()
                if statement.sql == readAuditTail { tail = first }
            }
            values.beginTransaction(auditTail: tail ?? 0)
            for _ in 0..<perTransaction {
                try ingest(count, values: &values, statements, db)
                count += 1
            }
            try commit.run()
        }
        return count
    }

    private struct Statements {
        let savepoint, findOriginal, insertMessage, findByFiller, findByPlacer, insertTask, insertObservation,
            insertAudit, release: RawSQLite.Statement

        init(_ db: RawSQLite) throws {
            savepoint = try db.prepare(SchemaCeiling.savepoint)
            findOriginal = try db.prepare(SchemaCeiling.findOriginal)
            insertMessage = try db.prepare(SchemaCeiling.insertMessage)
            findByFiller = try db.prepare(SchemaCeiling.findByFiller)
            findByPlacer = try db.prepare(SchemaCeiling.findByPlacer)
            insertTask = try db.prepare(SchemaCeiling.insertTask)
            insertObservation = try db.prepare(SchemaCeiling.insertObservation)
            insertAudit = try db.prepare(SchemaCeiling.insertAudit)
            release = try db.prepare(SchemaCeiling.release)
        }
    }

    private static func ingest(_ index: Int, values: inout CeilingValues, _ s: Statements, _ db: RawSQLite) throws {
        let id = values.corpus.controlID(sender: 0, index: index)
        try s.savepoint.run()
        try s.findOriginal.run(values.identity(id))
        try s.insertMessage.run(values.message(index, id))
        let messageID = db.lastInsertedRowID
        try s.findByFiller.run(values.taskKey(id, number: "FL"))
        try s.findByPlacer.run(values.taskKey(id, number: "PL"))
        try s.insertTask.run(values.task(index, id, messageID: messageID))
        let taskID = db.lastInsertedRowID
        for position in 0..<CeilingValues.panel.count {
            try s.insertObservation.run(values.observation(position, index, taskID: taskID, messageID: messageID))
        }
        try s.insertAudit.run(values.audit(id, taskID: taskID, messageID: messageID))
        try s.release.run()
    }
}
