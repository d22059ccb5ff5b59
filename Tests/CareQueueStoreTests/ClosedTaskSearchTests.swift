import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
import TestSupport
@testable import CareQueueStore

@Suite("Find: the test's name, and closed tasks with the key")
struct ClosedTaskSearchTests {
    /// José García (open), MÜLLER Jürgen (closed by the lab), Nguyễn Thảo (a CBC, open), and a
    /// second closed García task written after the first.
    private func store(_ kind: StoreKind) throws -> (store: TestStore, ids: [String: Int64]) {
        let store = try TestStore(kind: kind)
        var ids: [String: Int64] = [:]
        let people = [("garcia", "MRN001", "García", "José", "Basic metabolic panel"),
                      ("muller", "MRN002", "MÜLLER", "JÜRGEN", "Basic metabolic panel"),
                      ("nguyen", "MRN003", "Nguyễn", "Thảo", "CBC with differential"),
                      ("garcia-old", "MRN001", "García", "José", "Lipid panel")]
        for (index, person) in people.enumerated() {
            var order = Fixture.order(filler: "F\(index)", placer: "P\(index)", observations: [Fixture.potassium()])
            order.serviceText = person.4
            let patient = Fixture.patient(person.1, family: person.2, given: person.3)
            ids[person.0] = try store.taskIDs(Fixture.result("C\(index)", patient: patient, order))[0]
        }
        for (index, key) in ["muller", "garcia-old"].enumerated() {
            let patient = Fixture.patient(key == "muller" ? "MRN002" : "MRN001", family: key == "muller" ? "MÜLLER" : "García",
                                          given: key == "muller" ? "JÜRGEN" : "José")
            let filler = key == "muller" ? 1 : 3
            try store.ingest(Fixture.result("X\(index)", patient: patient,
                                            Fixture.order(filler: "F\(filler)", placer: "P\(filler)", status: "X",
                                                          observations: [])))
            #expect(try store.task(ids[key]!).status == .closed)
        }
        return (store, ids)
    }

    static let needles: [Named<String, [String]>] = [
        Named("the test's name", "metabolic", ["garcia"]),
        Named("an abbreviation in the test's name", "cbc", ["nguyen"]),
        Named("a name in capitals, typed without its umlaut", "muller", []),
        Named("MRN then name run together is no match", "001garcia", []),
        Named("name then test run together is no match", "garcia basic", []),
    ]

    @Test("open tasks match by the test's name as by MRN or name; no needle spans two parts",
          arguments: StoreKind.available, needles)
    func openOnly(kind: StoreKind, _ row: Named<String, [String]>) throws {
        let (store, ids) = try store(kind)
        let found = try store.database.taskIDs(matching: row.input, includingClosed: false, offset: 0, limit: 10,
                                               at: Fixture.start)
        #expect(found.ids == row.expected.compactMap { ids[$0] })
        #expect(found.split == nil)
    }

    @Test("with closed tasks asked for: open matches first, then closed ones newest first, each counted",
          arguments: StoreKind.available)
    func includingClosed(kind: StoreKind) throws {
        let (store, ids) = try store(kind)
        let database = store.database
        let garcia = try database.taskIDs(matching: "jose", includingClosed: true, offset: 0, limit: 10, at: Fixture.start)
        #expect(garcia.ids == [ids["garcia"]!, ids["garcia-old"]!])
        #expect(garcia.split == MatchSplit(open: MatchCount(1), closed: MatchCount(1)))
        #expect(garcia.total == 2 && !garcia.totalIsLowerBound)

        let muller = try database.taskIDs(matching: "muller", includingClosed: true, offset: 0, limit: 10, at: Fixture.start)
        #expect(muller.ids == [ids["muller"]!], "MÜLLER, closed, found typed as muller")
        let panels = try database.taskIDs(matching: "panel", includingClosed: true, offset: 0, limit: 10, at: Fixture.start)
        #expect(panels.ids == [ids["garcia"]!, ids["garcia-old"]!, ids["muller"]!], "closed ones newest first")
        let window = try database.taskIDs(matching: "panel", includingClosed: true, offset: 1, limit: 1, at: Fixture.start)
        #expect(window.ids == [ids["garcia-old"]!] && window.total == 3)

        let short = try database.taskIDs(matching: "mu", includingClosed: true, offset: 0, limit: 10, at: Fixture.start)
        #expect(short.ids.isEmpty && short.split == nil, "two characters search open tasks only")
    }

    @Test("counting stops at the limit on both sides; the closed ones follow the open ones counted",
          arguments: StoreKind.available)
    func countLimits(kind: StoreKind) throws {
        let (store, ids) = try store(kind)
        let found = try store.database.taskIDs(matching: "mrn", includingClosed: true, offset: 0, limit: 10,
                                               at: Fixture.start, countLimits: (long: 1, short: 1))
        #expect(found.split == MatchSplit(open: MatchCount(1, isLowerBound: true), closed: MatchCount(1, isLowerBound: true)))
        #expect(found.ids.count == 2 && found.totalIsLowerBound)
        #expect(found.ids[1] == ids["garcia-old"], "the newest closed task")
    }

    @Test("closing moves a task to the closed trigram table; re-opening moves it back", arguments: StoreKind.available)
    func closingMoves(kind: StoreKind) throws {
        let (store, ids) = try store(kind)
        let (closed, open) = try store.database.engine.read { db in
            let needle = CareQueueDatabase.trigramPattern("muller", db.dialect)
            return (try db.values(Int64.self, CareQueueDatabase.closedMatchesSQL(db.dialect)) { $0.add(needle); $0.add(10) },
                    try db.values(Int64.self, CareQueueDatabase.openMatchesSQL(db.dialect)) { $0.add(needle); $0.add(10) })
        }
        #expect(closed == [ids["muller"]!] && open.isEmpty)

        try store.ingest(Fixture.result("R1", patient: Fixture.patient("MRN002", family: "MÜLLER", given: "JÜRGEN"),
                                        Fixture.order(filler: "F1", placer: "P1", status: "C",
                                                      observations: [Fixture.potassium()])))
        #expect(try store.task(ids["muller"]!).status == .open)
        let found = try store.database.taskIDs(matching: "muller", includingClosed: true, offset: 0, limit: 5, at: Fixture.start)
        #expect(found.ids == [ids["muller"]!])
        #expect(found.split == MatchSplit(open: MatchCount(1), closed: MatchCount(0)))
    }

    // SQLite's plan (PostgreSQL's planner picks its own).
    @Test("the closed read is the trigram index in its own order: no sort, no table scan")
    func closedPlan() throws {
        let store = try TestStore()
        let lines = try store.database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + CareQueueDatabase.closedMatchesSQL(.sqlite), arguments: ["\"abc\"", 5])
                .map { $0["detail"] as String }
        }
        #expect(lines.count == 1 && lines[0].hasPrefix("SCAN task_search_closed VIRTUAL TABLE INDEX"), "\(lines)")
        #expect(!lines.contains { $0.contains("TEMP B-TREE") })
    }

    // SQLite only: a GRDB migration (PostgreSQL starts from a baseline that has both tables).
    @Test("a database from before v9-find-tests gets the test in every document and its closed tasks indexed")
    func migration() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-v8")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.claimsUndoMigration)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO messages (id, received_at, peer, sending_application, sending_facility, control_id,
                        version, raw, ack_code) VALUES (1, '2026-01-01T12:00:00Z', 'x', 'LAB', 'MAIN', 'C1', '2.5.1', x'00', 'AA');
                    """)
                for (id, family, test, status) in [(1, "García", "Potassium", "open"), (2, "Müller", "Hémoglobine", "closed")] {
                    let closed = status == "closed"
                    try db.execute(sql: """
                        INSERT INTO tasks (id, sending_application, sending_facility, filler_number, service_code,
                            service_text, patient_mrn, patient_family, patient_given, routing_explanation, urgency,
                            urgency_reason, result_status, status, received_at, clock_started_at, due_at,
                            latest_control_id, latest_message_id, updated_at, closed_at, closed_by, close_outcome,
                            search_folded)
                        VALUES (?, 'LAB', 'MAIN', ?, 'BMP', ?, ?, ?, 'Ana', 'why', 'routine', 'why', 'F', ?,
                            '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', ?, 'C1', 1,
                            '2026-01-01T12:00:00Z', ?, ?, ?, ?)
                        """, arguments: [id, "F\(id)", test, "MRN00\(id)", family, status,
                                         closed ? nil : "2026-01-04T12:00:00Z",
                                         closed ? "2026-01-02T12:00:00Z" : nil, closed ? "kim" : nil,
                                         closed ? "reached" : nil,
                                         SearchText.document(mrn: "MRN00\(id)", family: family, given: "Ana", test: "")])
                }
            }
        }

        let database = try CareQueueDatabase(path: path, access: .existing, osUser: Fixture.account)

        let folded = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT search_folded FROM tasks ORDER BY id") }
        #expect(folded == ["mrn001\u{1F}garcia, ana\u{1F}ana garcia\u{1F}potassium",
                           "mrn002\u{1F}muller, ana\u{1F}ana muller\u{1F}hemoglobine"])
        #expect(try database.taskIDs(matching: "potass", includingClosed: false, offset: 0, limit: 5, at: Fixture.start).ids == [1])
        #expect(try database.taskIDs(matching: "hemoglob", includingClosed: false, offset: 0, limit: 5, at: Fixture.start).ids.isEmpty)
        #expect(try database.taskIDs(matching: "hemoglob", includingClosed: true, offset: 0, limit: 5, at: Fixture.start).ids == [2])
        #expect(try database.taskIDs(matching: "ana", includingClosed: true, offset: 0, limit: 5, at: Fixture.start).ids == [1, 2])
    }
}
