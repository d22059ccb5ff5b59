import TestSupport
import XCTest

/// The command tree a user discovers with `--help`. (XCTest, so both test runners report real work.)
final class HelpTests: XCTestCase {
    func testHelpListsEveryCommand() throws {
        let result = try Subprocess.carequeue(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["listen", "send", "roster", "coverage", "tasks", "review", "outbox", "escalations", "report", "audit", "backup",
                        "simulate", "bench"] {
            XCTAssertTrue(result.stdout.contains("  \(command)"), "--help does not list \(command)")
        }
    }

    func testUnknownFlagIsAUsageError() throws {
        let result = try Subprocess.carequeue(["send", "--no-such-flag"])
        XCTAssertEqual(result.status, 64)
    }

    func testReadOnlyCommandNeverCreatesADatabase() throws {
        let directory = try TestPaths.temporaryDirectory("readonly")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("absent.sqlite").path
        let result = try Subprocess.carequeue(["tasks", "list", "--db", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no database"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}

/// `carequeue bench` with no subcommand runs its parts; a short run proves the wiring, not speed.
final class BenchWiringTests: XCTestCase {
    func testBenchParseRunsOverSampleData() throws {
        let result = try Subprocess.carequeue(["bench", "parse", "--seconds", "0.05", "--corpus", TestPaths.sampleData.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("µs/message"), result.stdout)
    }
}
