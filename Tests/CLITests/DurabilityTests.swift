import Foundation
import StoreFixtures
import Testing
import TestSupport

/// Durability across SIGKILL: `carequeue bench killtest` kills the listener under traffic and checks
/// that every AA'd message is stored exactly once with its tasks and every AE'd one is in review.
@Suite("Durability across SIGKILL", .serialized)
struct DurabilityTests {
    /// The summary's `  label: value` lines, label → value.
    static func fields(_ summary: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in summary.split(separator: "\n") where line.hasPrefix("  ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[label] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The figures of the summary: the number each value starts with.
    static func figures(_ summary: String) -> [String: Int] {
        fields(summary).compactMapValues { Int($0.prefix { $0.isNumber }) }
    }

    @Test("20 kills under traffic: nothing acknowledged is lost or stored twice", arguments: StoreKind.available)
    func killLoop(kind: StoreKind) throws {
        // About 4 s (SQLite) or 10 s (PostgreSQL) alone in a debug build; several times that while
        // the rest of the suite shares the 2 cores.
        var arguments = ["bench", "killtest", "--kills", "20",
                         "--roster", TestPaths.sampleData.appendingPathComponent("roster.csv").path]
        // On PostgreSQL the listeners' lock and audit anchor go in this HOME, not the user's.
        let home = try TestPaths.temporaryDirectory("killtest-home")
        defer { try? FileManager.default.removeItem(at: home) }
        var environment: [String: String] = [:]
        if kind == .postgres {
            arguments += ["--db", try PostgresTestServer.freshDatabase(prefix: "killtest")]
            environment["HOME"] = home.path
        }
        let run = try Subprocess.carequeue(arguments, environment: environment, timeout: 150)
        // The summary names the seed, so a failure here can be replayed with --seed.
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let figures = Self.figures(run.stdout)
        #expect(figures["kills"] == 20, "\(run.stdout)")
        #expect(figures["lost"] == 0, "\(run.stdout)")
        #expect(figures["duplicated"] == 0, "\(run.stdout)")
        #expect((figures["acknowledged"] ?? 0) >= 100, "\(run.stdout)")
        #expect((figures["messages sent"] ?? 0) >= (figures["acknowledged"] ?? 0) + (figures["refused"] ?? 0))
        let fields = Self.fields(run.stdout)
        #expect(fields["audit verify"]?.hasPrefix("passed") == true, "\(run.stdout)")
        #expect(fields["final stop"]?.hasPrefix("clean") == true, "\(run.stdout)")
    }

    @Test("killtest needs a database of its own: a SQLite --db is refused, and a PostgreSQL one holding a store")
    func killLoopNeedsItsOwnDatabase() throws {
        let sqlite = try Subprocess.carequeue(["bench", "killtest", "--kills", "1", "--db", "/tmp/any.sqlite"])
        #expect(sqlite.status == 64)
        #expect(sqlite.stderr.contains("the kill loop makes a fresh SQLite database of its own"), "\(sqlite.stderr)")
        guard PostgresTestServer.shouldRun else { return }
        let home = try TestPaths.temporaryDirectory("killtest-home")
        defer { try? FileManager.default.removeItem(at: home) }
        let url = try PostgresTestServer.freshDatabase(prefix: "killtest")
        #expect(try Subprocess.carequeue(["roster", "import", "--db", url, TestPaths.sampleData.appendingPathComponent("roster.csv").path],
                                         environment: ["HOME": home.path]).status == 0)
        let used = try Subprocess.carequeue(["bench", "killtest", "--kills", "1", "--db", url], environment: ["HOME": home.path])
        #expect(used.status == 1)
        #expect(used.stderr.contains("holds a CareQueue store already: the kill loop needs an empty database"), "\(used.stderr)")
    }

    @Test("the summary's figures are read by label", arguments: [
        ("  lost:             0\n  duplicated:       3\n", ["lost": 0, "duplicated": 3]),
        ("bench killtest: PASS (seed 7, 4 senders)\n  acknowledged:     525 AA (30 updating)\n", ["acknowledged": 525]),
        ("  audit verify:     passed: audit chain intact\n", [:]),
    ])
    func summaryFigures(summary: String, expected: [String: Int]) {
        #expect(Self.figures(summary) == expected)
    }
}
