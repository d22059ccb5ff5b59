import CareQueueStore
import Foundation
import StoreFixtures
import Testing
import TestSupport

/// The dashboard's start and end in the audit trail, from a real terminal (tmux).
@Suite("Dashboard access audit in a terminal", .serialized,
       .enabled(if: TmuxDriver.executable != nil || TmuxDriver.isCI, "tmux is not installed: skipping the terminal tests"))
struct DashboardAccessAuditTests {
    @Test("opening and quitting the dashboard appends dashboard.started (mode, terminal) and dashboard.ended",
          arguments: StoreKind.available)
    func startAndEnd(kind: StoreKind) throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the dashboard's terminal tests cannot run")
            return
        }
        let session = try DashboardTerminalSession("dashboard-access", kind: kind, flags: ["--board"])
        try session.terminal.press("q")
        try #require(session.terminal.wait(for: "EXITED 0") != nil, "q did not quit: \(session.terminal.capture())")

        let rows = try session.auditRows()
        let sessionRows = rows.filter { ($0["action"] as? String)?.hasPrefix("dashboard.") == true }
        #expect(sessionRows.map { $0["action"] as? String } == ["dashboard.started", "dashboard.ended"])
        #expect(sessionRows.allSatisfy { $0["user"] as? String == "e2e" })
        #expect(sessionRows.allSatisfy { $0["os_user"] as? String == ProcessAccount.current })
        let started = try #require(sessionRows.first?["details"] as? [String: Any])
        #expect(started["mode"] as? String == "board")
        #expect((started["terminal"] as? String)?.hasPrefix("/dev/") == true, "\(started)")

        // On PostgreSQL from the dashboard's host (the workspace's HOME), whose anchor it checks.
        let verified = try session.workspace.run(["audit", "verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    @Test("opening a task's detail in the dashboard appends one task.viewed, found by --action and by --mrn",
          arguments: StoreKind.available)
    func detailViewed(kind: StoreKind) throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the dashboard's terminal tests cannot run")
            return
        }
        let session = try DashboardTerminalSession("dashboard-detail-access", kind: kind)
        try session.sendResults()
        try #require(session.terminal.wait { $0.contains { $0.contains("Dr Ada Chen") && $0.contains("3") } } != nil,
                     "the results did not arrive: \(session.terminal.capture())")
        try session.terminal.press("Tab")
        try #require(session.terminal.wait(for: "Dr Ada Chen · 3 open") != nil, "Tab did not open Dr Chen's queue")
        try session.terminal.press("Enter")
        try #require(session.terminal.wait(for: "MRN-E2E-1") != nil, "Enter did not open the critical task's detail")
        try session.terminal.press("q")
        try #require(session.terminal.wait(for: "EXITED 0") != nil, "q did not quit: \(session.terminal.capture())")

        func rows(_ filter: [String]) throws -> [[String: Any]] { try session.auditRows(filter) }
        let viewed = try rows(["--action", "task.viewed"])
        #expect(viewed.count == 1, "one opening, one row: \(viewed)")
        #expect((viewed.first?["details"] as? [String: Any])?["via"] as? String == "detail")
        #expect(viewed.first?["user"] as? String == "e2e")
        let whoLooked = try rows(["--mrn", "MRN-E2E-1", "--action", "task.viewed"])
        #expect(whoLooked.count == 1)
        #expect(try rows(["--mrn", "MRN-E2E-2", "--action", "task.viewed"]).isEmpty, "nobody opened the sodium")
    }
}
