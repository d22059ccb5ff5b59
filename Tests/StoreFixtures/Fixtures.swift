import CareQueueCore
import Foundation
import GRDB
import HL7
import TestSupport
@testable import CareQueueStore

/// Valid NPIs, roster rows and message builders shared by the store tests.
public enum Fixture {
    public static let lab = SenderID(application: "LAB", facility: "MAIN")
    public static let start = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z

    public static let drA = npi("123456789")
    /// The operating-system account a `TestStore` writes its audit rows as.
    public static let account = "cq-test"
    public static let drB = npi("222222222")
    public static let drC = npi("333333333")
    public static let coordinator = npi("444444444")

    public static let roster = [
        Provider(npi: drA, name: "Dr A", role: .physician, supervisorNPI: drC),
        Provider(npi: drB, name: "Dr B", role: .np, supervisorNPI: drC),
        Provider(npi: drC, name: "Dr C", role: .physician),
        Provider(npi: coordinator, name: "Coordinator", role: .coordinator),
    ]

    /// Nine digits plus their NPI check digit.
    public static func npi(_ nine: String) -> String {
        nine + String(NPI.checkDigit(forFirstNine: nine.map { Int(String($0))! }))
    }

    public static func potassium(_ value: String = "4.1", flags: [String] = [], status: String = "F") -> Observation {
        Observation(code: "2823-3", text: "Potassium", valueType: "NM", value: value, units: "mmol/L",
                    range: "3.5-5.1", flags: flags, status: status)
    }

    public static func sodium(_ value: String = "140", flags: [String] = [], status: String = "F") -> Observation {
        Observation(code: "2951-2", text: "Sodium", valueType: "NM", value: value, units: "mmol/L",
                    range: "135-145", flags: flags, status: status)
    }

    public static func order(filler: String? = "F1", placer: String? = "P1", service: String = "BMP",
                      provider: String? = drA, status: String = "F", observations: [Observation]) -> OrderResult {
        OrderResult(placerNumber: placer, fillerNumber: filler, serviceCode: service, serviceText: "Basic metabolic panel",
                    orderingProvider: provider.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .obr16) },
                    resultStatus: status, observations: observations)
    }

    public static func patient(_ mrn: String = "MRN1", family: String = "Doe", given: String = "Jan") -> Patient {
        Patient(mrn: mrn, family: family, given: given, dob: "19800102", phone: "555-0100")
    }

    public static func message(_ controlID: String, _ groups: [(Patient, [OrderResult])], sender: SenderID = lab) -> ResultMessage {
        ResultMessage(sender: sender, controlID: controlID, version: "2.5.1",
                      patientResults: groups.map { PatientResult(patient: $0.0, orders: $0.1) })
    }

    /// One patient, one order.
    public static func result(_ controlID: String, patient: Patient = patient(), _ order: OrderResult) -> IngestItem {
        item(message(controlID, [(patient, [order])]))
    }

    public static func item(_ message: ResultMessage, at receivedAt: Date = start) -> IngestItem {
        IngestItem(raw: Array("MSH|^~\\&|LAB|MAIN|||||ORU^R01|\(message.controlID)|P|2.5.1\r".utf8),
                   peer: "127.0.0.1:40000", sender: message.sender, controlID: message.controlID,
                   receivedAt: receivedAt, content: .result(message))
    }

    public static func refused(_ controlID: String?, kind: Refusal.Kind = .error, code: HL7ErrorCode = .requiredFieldMissing,
                        reason: String = "PID-3 has no MRN", sender: SenderID? = lab) -> IngestItem {
        IngestItem(raw: Array("MSH|^~\\&|LAB|MAIN|||||ORU^R01|\(controlID ?? "")|P|2.5.1\r".utf8),
                   peer: "10.0.0.5:51234", sender: sender, controlID: controlID, receivedAt: start,
                   content: .refused(Refusal(kind: kind, code: code, reason: reason, location: "PID^1^3")))
    }

    /// A real ORU^R01 as a lab sends it: a critical potassium (HH) for Dr A, MSH-11 `processingID`
    /// (`T`, a training message, is refused AR 202 unless `[listener] processing_ids` admits it).
    public static func potassiumORU(_ controlID: String, processingID: String = "P") -> [UInt8] {
        let npiField = "\(drA)^A^Dr" + String(repeating: "^", count: 10) + "NPI"
        return Array([
            "MSH|^~\\&|LAB|MAIN|CQ|CLINIC|20260101120000||ORU^R01|\(controlID)|\(processingID)|2.5.1",
            "PID|1||MRN1^^^HOSP^MR||Doe^Jan||19800102|F",
            "OBR|1|P1|F1|2823-3^Potassium^LN|||20260101|||||||||\(npiField)|||||||||F",
            "OBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L|3.5-5.1|HH|||F",
        ].joined(separator: "\r").utf8) + [0x0D]
    }
}

/// A fresh database in its own temporary directory, with a writer on a pinned clock.
public final class TestStore {
    public let directory: URL
    public let path: String
    public let clock = FixedTimeSource(Fixture.start)
    public let database: CareQueueDatabase
    public let writer: StoreWriter
    /// The configuration the writer was given (a second process on the same file opens with it).
    public let config: CareQueueConfig

    /// `kind` picks the store: a new SQLite file, or a new database on the PostgreSQL test server.
    public init(kind: StoreKind = .sqlite, config: CareQueueConfig = CareQueueConfig(), roster: [Provider] = Fixture.roster,
         persistence: StoreWriter.Persistence = .durable, busyTimeout: TimeInterval = 5,
         osUser: String = Fixture.account) throws {
        self.config = config
        directory = try TestPaths.temporaryDirectory("carequeue-store")
        switch kind {
        case .sqlite:
            path = directory.appendingPathComponent("carequeue.sqlite").path
            database = try CareQueueDatabase(path: path, store: config.store, busyTimeout: busyTimeout, osUser: osUser)
        case .postgres:
            database = try StoreKind.openPostgres(try StoreKind.freshPostgresURL(), osUser: osUser)
            path = database.path
        }
        if !roster.isEmpty { try database.importRoster(roster) }
        writer = StoreWriter(database: database, config: config, timeSource: clock, persistence: persistence)
    }

    deinit {
        writer.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Ingests one item and returns its outcome, or throws the failure.
    @discardableResult
    public func ingest(_ item: IngestItem) throws -> IngestOutcome {
        try writer.ingestNow(item).get()
    }

    /// The ids of the tasks an accepted item made or updated (ingest waits for its derivation).
    public func taskIDs(_ item: IngestItem) throws -> [Int64] {
        guard case .accepted(let messageID) = try ingest(item) else { throw UnexpectedOutcome() }
        return try database.engine.read { db in
            try db.values(Int64.self, "SELECT id FROM tasks WHERE latest_message_id = ? ORDER BY id") { $0.add(messageID) }
        }
    }

    /// The one task with `id`, as `tasks list` shows it.
    public func task(_ id: Int64) throws -> TaskListItem {
        guard let task = try database.task(id: id) else { throw UnexpectedOutcome() }
        return task
    }

    // On SQLite these keep GRDB's own reading (an integer column reads as text, errors stay
    // `DatabaseError`), which the suites written before PostgreSQL rely on.

    public func count(_ sql: String) throws -> Int {
        if let pool = try? database.pool { return try pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 } }
        return try database.engine.read { db in try db.value(Int.self, sql) ?? -1 }
    }

    public func string(_ sql: String) throws -> String? {
        if let pool = try? database.pool { return try pool.read { db in try String.fetchOne(db, sql: sql) } }
        return try database.engine.read { db in
            guard let value = try db.fetchOne(sql)?.databaseValue(at: 0) else { return nil }
            switch value.storage {
            case .null: return nil
            case .int64(let int): return String(int)
            case .double(let double): return String(double)
            case .string(let text): return text
            case .blob(let data): return String(decoding: data, as: UTF8.self)
            }
        }
    }

    public func execute(_ sql: String) throws {
        if let pool = try? database.pool { return try pool.write { db in try db.execute(sql: sql) } }
        try database.engine.write { db in try db.executeScript(sql) }
    }

    public struct UnexpectedOutcome: Error {}
}
