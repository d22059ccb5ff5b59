import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
import TestSupport
@testable import CareQueueStore

@Suite("Find: MRN and name, case and accents ignored, open tasks only")
struct PatientSearchTests {
    /// Given open routine tasks for José García (MRN001), Nguyễn Thảo (MRN002) and Müller Jürgen (MRN003).
    private func store(_ kind: StoreKind) throws -> (store: TestStore, ids: [String: Int64]) {
        let store = try TestStore(kind: kind)
        var ids: [String: Int64] = [:]
        for (index, person) in [("MRN001", "García", "José"), ("MRN002", "Nguyễn", "Thảo"),
                                ("MRN003", "Müller", "Jürgen")].enumerated() {
            let item = Fixture.result("C\(index)", patient: Fixture.patient(person.0, family: person.1, given: person.2),
                                      Fixture.order(filler: "F\(index)", placer: "P\(index)",
                                                    observations: [Fixture.potassium()]))
            ids[person.1] = try store.taskIDs(item)[0]
        }
        return (store, ids)
    }

    static let needles: [Named<String, [String]>] = [
        Named("no accent finds the accented given name", "jose", ["García"]),
        Named("upper case with the accent", "JOSÉ", ["García"]),
        Named("Vietnamese without its marks", "nguyen", ["Nguyễn"]),
        Named("umlaut dropped", "muller", ["Müller"]),
        Named("umlaut typed", "Müller", ["Müller"]),
        Named("family, given", "garcia, jose", ["García"]),
        Named("family,given", "García,José", ["García"]),
        Named("given family", "jose garc", ["García"]),
        Named("two characters", "ng", ["Nguyễn"]),
        Named("two characters inside a word", "ll", ["Müller"]),
        Named("one character", "j", ["García", "Müller"]),
        Named("MRN prefix", "mrn00", ["García", "Nguyễn", "Müller"]),
        Named("MRN digits", "003", ["Müller"]),
        Named("given, family is no form", "jose, garcia", []),
        Named("family given is no form", "garcia jose", []),
        Named("nothing", "xyz", []),
        Named("LIKE's one-character wildcard is a plain character", "n_u", []),
        Named("LIKE's any-text wildcard is a plain character", "n%y", []),
        Named("LIKE's escape character is a plain character", "g\\u", []),
        Named("blank", "  ", []),
    ]

    @Test("a needle finds the tasks whose MRN or name contains it", arguments: StoreKind.available, needles)
    func finds(kind: StoreKind, _ row: Named<String, [String]>) throws {
        let (store, ids) = try store(kind)
        let found = try store.database.openTaskIDs(matching: row.input, offset: 0, limit: 10, at: Fixture.start)
        #expect(Set(found.ids) == Set(row.expected.compactMap { ids[$0] }))
        #expect(found.total == row.expected.count && !found.totalIsLowerBound)
    }

    @Test("a corrected patient name is found under the new name, no longer under the old one",
          arguments: StoreKind.available)
    func correctedName(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let order = Fixture.order(filler: "F1", placer: "P1", observations: [Fixture.potassium()])
        let id = try store.taskIDs(Fixture.result("C1", patient: Fixture.patient("MRN1", family: "Smith", given: "Ann"), order))[0]
        #expect(try store.database.openTaskIDs(matching: "smith", offset: 0, limit: 5, at: Fixture.start).ids == [id])

        let corrected = Fixture.order(filler: "F1", placer: "P1", status: "C", observations: [Fixture.potassium()])
        try store.ingest(Fixture.result("C2", patient: Fixture.patient("MRN1", family: "Şmyth", given: "Ann"), corrected))

        #expect(try store.database.openTaskIDs(matching: "smyth", offset: 0, limit: 5, at: Fixture.start).ids == [id])
        #expect(try store.database.openTaskIDs(matching: "smith", offset: 0, limit: 5, at: Fixture.start).ids.isEmpty)
        #expect(try store.string("SELECT search_folded FROM tasks WHERE id = \(id)") == "mrn1\u{1F}smyth, ann\u{1F}ann smyth\u{1F}basic metabolic panel")
    }

    @Test("a task closed by the lab leaves find; a correction that re-opens it comes back",
          arguments: StoreKind.available)
    func closedAndReopened(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let patient = Fixture.patient("MRN1", family: "Øverland", given: "Siv")
        let id = try store.taskIDs(Fixture.result("C1", patient: patient, Fixture.order(observations: [Fixture.potassium()])))[0]
        try store.ingest(Fixture.result("C2", patient: patient, Fixture.order(status: "X", observations: [])))
        #expect(try store.task(id).status == .closed)
        #expect(try store.database.openTaskIDs(matching: "overland", offset: 0, limit: 5, at: Fixture.start).total == 0)
        #expect(try store.database.openTaskIDs(matching: "ov", offset: 0, limit: 5, at: Fixture.start).total == 0)

        try store.ingest(Fixture.result("C3", patient: patient, Fixture.order(status: "C", observations: [Fixture.potassium()])))

        #expect(try store.task(id).status == .open)
        #expect(try store.database.openTaskIDs(matching: "overland", offset: 0, limit: 5, at: Fixture.start).ids == [id])
    }

    /// Given four tasks for one patient, written routine, abnormal, critical, routine.
    private func tiers(_ kind: StoreKind) throws -> (store: TestStore, ids: [Int64]) {
        let store = try TestStore(kind: kind)
        let patient = Fixture.patient("MRN7", family: "Nguyễn", given: "An")
        var ids: [Int64] = []
        for (index, flags) in [[], ["H"], ["HH"], []].enumerated() {
            let order = Fixture.order(filler: "F\(index)", placer: "P\(index)", observations: [
                Fixture.potassium(flags.isEmpty ? "4.1" : "6.8", flags: flags),
            ])
            ids.append(try store.taskIDs(Fixture.item(Fixture.message("C\(index)", [(patient, [order])]),
                                                      at: Fixture.start + Double(index)))[0])
        }
        return (store, ids)
    }

    @Test("matches come most urgent first, whichever index answers: critical, then due soonest, then id",
          arguments: StoreKind.available, ["nguyen", "ng"])
    func order(kind: StoreKind, needle: String) throws {
        let (store, ids) = try tiers(kind)
        let found = try store.database.openTaskIDs(matching: needle, offset: 0, limit: 10, at: Fixture.start)
        #expect(found.ids == [ids[2], ids[1], ids[0], ids[3]])
        let window = try store.database.openTaskIDs(matching: needle, offset: 1, limit: 2, at: Fixture.start)
        #expect(window.ids == [ids[1], ids[0]])
        #expect(window.total == 4)
    }

    @Test("counting stops at the limit: the count says 'at least', the window is still in order",
          arguments: StoreKind.available, ["nguyen", "ng"])
    func countLimit(kind: StoreKind, needle: String) throws {
        let (store, ids) = try tiers(kind)
        let found = try store.database.openTaskIDs(matching: needle, offset: 0, limit: 2, at: Fixture.start,
                                                   countLimits: (long: 3, short: 3))
        #expect(found.total == 3 && found.totalIsLowerBound)
        #expect(found.ids == [ids[2], ids[1]])
        let deeper = try store.database.openTaskIDs(matching: needle, offset: 2, limit: 2, at: Fixture.start,
                                                    countLimits: (long: 3, short: 3))
        #expect(deeper.ids == [ids[0], ids[3]])
        let exact = try store.database.openTaskIDs(matching: needle, offset: 0, limit: 2, at: Fixture.start,
                                                   countLimits: (long: 4, short: 4))
        #expect(exact.total == 4 && !exact.totalIsLowerBound, "at the limit the count is still exact")
    }

    // SQLite only: a GRDB migration (PostgreSQL starts from a baseline that has the column).
    @Test("a database from before the folded column gets it filled, and its open tasks indexed")
    func migrationBackfills() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-v5")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.identityMigration)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO messages (id, received_at, peer, sending_application, sending_facility, control_id,
                        version, raw, ack_code) VALUES (1, '2026-01-01T12:00:00Z', 'x', 'LAB', 'MAIN', 'C1', '2.5.1', x'00', 'AA');
                    """)
                for (id, family, given, status) in [(1, "García", "José", "open"), (2, "Müller", "Jürgen", "closed"),
                                                    (3, "Łukasz", "Ewa", "acknowledged")] {
                    let closed = status == "closed"
                    try db.execute(sql: """
                        INSERT INTO tasks (id, sending_application, sending_facility, filler_number, service_code,
                            service_text, patient_mrn, patient_family, patient_given, routing_explanation, urgency,
                            urgency_reason, result_status, status, received_at, clock_started_at, due_at,
                            latest_control_id, latest_message_id, updated_at, closed_at, closed_by, close_outcome)
                        VALUES (?, 'LAB', 'MAIN', ?, 'BMP', 'Panel', ?, ?, ?, 'why', 'routine', 'why', 'F', ?,
                            '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', '2026-01-04T12:00:00Z', 'C1', 1,
                            '2026-01-01T12:00:00Z', ?, ?, ?)
                        """, arguments: [id, "F\(id)", "MRN00\(id)", family, given, status,
                                         closed ? "2026-01-02T12:00:00Z" : nil, closed ? "kim" : nil,
                                         closed ? "reached" : nil])
                }
            }
        }

        let database = try CareQueueDatabase(path: path, access: .existing, osUser: Fixture.account)

        let folded = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT search_folded FROM tasks ORDER BY id") }
        #expect(folded == ["mrn001\u{1F}garcia, jose\u{1F}jose garcia\u{1F}panel",
                           "mrn002\u{1F}muller, jurgen\u{1F}jurgen muller\u{1F}panel", "mrn003\u{1F}lukasz, ewa\u{1F}ewa lukasz\u{1F}panel"])
        #expect(try database.openTaskIDs(matching: "jose", offset: 0, limit: 5, at: Fixture.start).ids == [1])
        #expect(try database.openTaskIDs(matching: "lukasz", offset: 0, limit: 5, at: Fixture.start).ids == [3])
        #expect(try database.openTaskIDs(matching: "muller", offset: 0, limit: 5, at: Fixture.start).ids.isEmpty)
        #expect(try database.openTaskIDs(matching: "mrn", offset: 0, limit: 5, at: Fixture.start).ids == [1, 3])
    }
}
