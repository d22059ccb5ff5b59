import Foundation
import Testing
import TestSupport
@testable import CareQueueStore

/// The PostgreSQL baseline on a real server: it applies to fresh databases, and every rule it
/// carries holds (Scripts/postgres-schema-check.sql, which fails at the first broken expectation).
@Suite("PostgreSQL baseline on a server",
       .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
struct PostgresSchemaBaselineTests {
    static let check = TestPaths.packageRoot.appendingPathComponent("Scripts/postgres-schema-check.sql").path

    /// A fresh database holding the baseline, applied in one transaction as the store will.
    func baselineDatabase() throws -> String {
        let url = try PostgresTestServer.freshDatabase(prefix: "baseline")
        let applied = try PostgresTestServer.psql(url, ["--single-transaction"], input: PostgresSchema.baseline)
        #expect(applied.status == 0, "\(applied.stderr)")
        return url
    }

    @Test func baselineAppliesToFreshDatabasesAndEveryRuleHolds() throws {
        for _ in 1...2 {
            let url = try baselineDatabase()
            let ledger = try PostgresTestServer.psql(url, ["-At", "-c",
                "SELECT string_agg(identifier, ' ' ORDER BY identifier) FROM carequeue_migrations"])
            #expect(ledger.stdout.split(whereSeparator: \.isWhitespace).map(String.init).sorted()
                    == PostgresSchema.baselineIdentifiers.sorted())
            let checked = try PostgresTestServer.psql(url, ["-f", Self.check])
            #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
            #expect(checked.stdout.contains("postgres-schema-check: every check passed"))
            #expect(checked.stdout.contains("ok: a DELETE after the prune transaction committed"))
        }
    }

    @Test func theCheckFailsLoudlyWhenAGuardIsMissing() throws {
        let url = try baselineDatabase()
        let dropped = try PostgresTestServer.psql(url, ["-c", "DROP TRIGGER audit_no_update ON audit"])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let checked = try PostgresTestServer.psql(url, ["-f", Self.check])
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("postgres-schema-check FAILED: an UPDATE of an audit row was allowed"))
        #expect(!checked.stdout.contains("every check passed"))
    }

    @Test func theBaselineIsNotAppliedTwice() throws {
        // A second run fails whole (one transaction) instead of half-applying over a live schema.
        let url = try baselineDatabase()
        let again = try PostgresTestServer.psql(url, ["--single-transaction"], input: PostgresSchema.baseline)
        #expect(again.status != 0)
        let ledger = try PostgresTestServer.psql(url, ["-At", "-c", "SELECT count(*) FROM carequeue_migrations"])
        #expect(ledger.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(PostgresSchema.baselineIdentifiers.count)")
    }
}
