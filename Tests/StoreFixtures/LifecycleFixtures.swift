import CareQueueCore
import Foundation
import GRDB
import TestSupport
@testable import CareQueueStore

/// Orders by tier and store helpers for the lifecycle, sweep, coverage and audit tests.
extension Fixture {
    public static let nurse = npi("555555555")

    /// Dr A (supervisor Dr C), Dr B (supervisor Dr C), Dr C, a coordinator and a charge nurse.
    public static let fullRoster = roster + [Provider(npi: nurse, name: "Nurse N", role: .chargeNurse)]

    /// One order of tier `urgency` (potassium HH, sodium H, or normal potassium) for `provider`.
    public static func task(_ n: Int, _ urgency: Urgency, provider: String? = drA, status: String = "F") -> IngestItem {
        let observation: Observation
        switch urgency {
        case .critical: observation = potassium("6.8", flags: ["HH"], status: status)
        case .abnormal: observation = sodium("150", flags: ["H"], status: status)
        case .routine: observation = potassium("4.1", status: status)
        }
        return result("C\(n)-\(status)", patient: patient("MRN\(n)"),
                      order(filler: "F\(n)", placer: "P\(n)", provider: provider, status: status,
                            observations: [observation]))
    }
}

extension TestStore {
    /// A store of `kind` with the full roster (coordinator and charge nurse included).
    public static func lifecycle(_ kind: StoreKind = .sqlite, config: CareQueueConfig = CareQueueConfig()) throws -> TestStore {
        try TestStore(kind: kind, config: config, roster: Fixture.fullRoster)
    }

    /// A lifecycle store whose audit chain is keyed when `keyed`; the key file lives in `holder`'s
    /// directory, so keep `holder` as long as the store.
    public static func lifecycle(_ kind: StoreKind = .sqlite, keyed: Bool) throws -> (store: TestStore, key: [UInt8]?, holder: TestStore?) {
        guard keyed else { return (try lifecycle(kind), nil, nil) }
        let holder = try TestStore.lifecycle()
        let (path, key) = try holder.writeKeyFile()
        var config = CareQueueConfig()
        config.audit.keyFile = path
        return (try lifecycle(kind, config: config), key, holder)
    }

    /// Ingests `item` at the clock's time and returns the one task it made or updated.
    public func newTask(_ item: IngestItem) throws -> Int64 {
        let ids = try taskIDs(item)
        guard ids.count == 1 else { throw UnexpectedOutcome() }
        return ids[0]
    }

    @discardableResult
    public func act(_ action: TaskAction, _ id: Int64, by user: String = "alice") throws -> TaskActionOutcome {
        try database.perform(action, onTask: id, by: user, at: clock.now())
    }

    @discardableResult
    public func sweep() throws -> SweepReport {
        try database.runSweep(at: clock.now())
    }

    public func column(_ column: String, of id: Int64) throws -> String? {
        try database.engine.read { db in
            try db.value(String.self, "SELECT CAST(\(column) AS TEXT) FROM tasks WHERE id = ?") { $0.add(id) }
        }
    }

    public func verify(key: [UInt8]? = nil) throws -> AuditVerdict {
        try database.verifyAudit(with: AuditChain(key: key))
    }

    /// Runs SQL as someone holding the file (or the database's credentials) would: on a plain
    /// connection, outside CareQueue (`psql` on PostgreSQL), in one transaction.
    public func tamper(_ sql: String) throws {
        guard database.dialect == .postgres else {
            let queue = try DatabaseQueue(path: path)
            return try queue.write { db in try db.execute(sql: sql) }
        }
        let result = try PostgresTestServer.psql(path, ["--single-transaction"], input: sql)
        guard result.status == 0 else { throw TamperFailed(message: result.stderr) }
    }

    public struct TamperFailed: Error {
        public var message: String
    }

    /// The same store opened again, as a new process (or another host) would.
    public func reopened(access: CareQueueDatabase.Access = .existing) throws -> CareQueueDatabase {
        guard database.dialect == .postgres else { return try CareQueueDatabase(path: path, access: access) }
        return try StoreKind.openPostgres(path, access: access)
    }

    /// A 32-byte key file in the store's directory.
    public func writeKeyFile(_ byte: UInt8 = 7, name: String = "audit.key") throws -> (path: String, key: [UInt8]) {
        let key = [UInt8](repeating: byte, count: 32)
        let url = directory.appendingPathComponent(name)
        try Data(key).write(to: url)
        return (url.path, key)
    }
}
