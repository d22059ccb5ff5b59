import CareQueueCore
import Foundation
import TestSupport
@testable import CareQueueStore

/// The two stores the store suites run against. PostgreSQL's case needs a server
/// (`PostgresTestServer`): without one it is left out locally, and fails under `CI=true`.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The stores a parameterised test runs on here.
    public static var available: [StoreKind] { PostgresTestServer.shouldRun ? allCases : [.sqlite] }

    /// A new, empty, migrated store of `kind`.
    public static func fresh(_ kind: StoreKind, auditChain: AuditChain = AuditChain(key: nil)) throws -> CareQueueDatabase {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cq-\(UUID().uuidString)")
            return try CareQueueDatabase(path: directory.appendingPathComponent("store.sqlite").path, auditChain: auditChain)
        case .postgres:
            return try openPostgres(try freshPostgresURL(), auditChain: auditChain)
        }
    }

    /// The URL of a new, empty PostgreSQL database on the test server.
    public static func freshPostgresURL() throws -> String {
        try PostgresTestServer.freshDatabase(prefix: "store")
    }

    /// Opens (migrating when new) the PostgreSQL database at `url`, as one more host would.
    public static func openPostgres(_ url: String, access: CareQueueDatabase.Access = .create,
                                    auditChain: AuditChain = AuditChain(key: nil),
                                    osUser: String = Fixture.account) throws -> CareQueueDatabase {
        let anchors = FileManager.default.temporaryDirectory.appendingPathComponent("cq-anchors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: anchors, withIntermediateDirectories: true)
        return try CareQueueDatabase(postgres: PostgresSettings(location: try PostgresURL.parse(url)), access: access,
                                     anchorDirectory: anchors.path, auditChain: auditChain, osUser: osUser)
    }
}
