import Foundation
import Testing
import TestSupport

/// Issue 20 end to end: two hosts (each its own HOME, so its own data directory, listener lock and
/// audit anchor; each its own host name) on one PostgreSQL database, each with a `carequeue listen`
/// and a `carequeue dashboard` in a terminal of its own (tmux). What the two coordinators see:
/// results from either listener on both screens, one's actions on the other's, a close that lost
/// the race refused naming who closed; then `status` lists both listeners and the audit chain
/// verifies from both hosts.
@Suite("Two listeners and two dashboards on one PostgreSQL database (tmux)", .serialized,
       .enabled(if: PostgresTestServer.shouldRun && (TmuxDriver.executable != nil || TmuxDriver.isCI),
                "no PostgreSQL server or no tmux: skipping the two-dashboard test"))
struct PostgresTwoDashboardsCLITests {
    /// Arrival → screen is specified as ≤ 250 ms; a loaded CI machine gets a generous allowance.
    static let arrivalAllowance: TimeInterval = 5
    /// How long any one thing may take to show under CI load before the test gives up.
    static let patience: TimeInterval = 45

    /// One host: its environment (HOME, host name) and its dashboard's terminal.
    struct Host {
        let name: String
        let user: String
        let environment: [String: String]
        let directory: URL
    }

    @Test("results from either listener show on both dashboards; an ack and a close on one show on the other; a late close is refused naming who closed")
    func twoHostsTwoDashboards() throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the two-dashboard test cannot run")
            return
        }
        let url = try PostgresTestServer.freshDatabase(prefix: "dash2")
        let workspace = try TestPaths.temporaryDirectory("carequeue-pg-dash2")
        defer { try? FileManager.default.removeItem(at: workspace) }
        let hosts = try [("host-a", "kim"), ("host-b", "sam")].map { name, user in
            let home = workspace.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            // One machine plays both hosts: its own HOME and host name each, and nothing from the runner's.
            return Host(name: name, user: user, environment: ["HOME": home.path, "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": "",
                                                              "CAREQUEUE_DB": "", "CAREQUEUE_HOST_NAME": name],
                        directory: home)
        }
        let rosterFile = workspace.appendingPathComponent("roster.csv")
        try DashboardTerminalTests.roster.write(to: rosterFile, atomically: true, encoding: .utf8)
        let imported = try Subprocess.carequeue(["roster", "import", rosterFile.path, "--db", url], environment: hosts[0].environment)
        try #require(imported.status == 0, "\(imported.stderr)")

        let listeners = try hosts.map { host in
            try ListenerProcess(database: url, environment: host.environment,
                                log: workspace.appendingPathComponent("\(host.name)-listener.log"), timeout: Self.patience)
        }
        defer { listeners.forEach { $0.stop() } }
        let binary = TmuxDriver.quoted(TestPaths.carequeueBinary.path)
        let terminals = try hosts.map { host in
            try TmuxDriver(command: "\(binary) dashboard --db \(TmuxDriver.quoted(url)) --no-listen --user \(host.user); echo EXITED $?; exec cat",
                           width: 120, height: 40, directory: host.directory, environment: host.environment)
        }
        defer { terminals.forEach { $0.kill() } }
        let (kim, sam) = (terminals[0], terminals[1])
        for terminal in terminals {
            // The header shows a listener's heartbeat: the dashboard reads the shared store.
            try #require(terminal.wait(timeout: Self.patience) { pane in
                pane.contains { $0.contains("Unassigned") } && pane.contains { $0.contains("● up 127.0.0.1:") }
            } != nil, "no dashboard: \(terminal.capture().joined(separator: "\n"))")
        }

        // A critical and an abnormal result to host A's listener, a routine one to host B's: each on both screens.
        let results = [
            (listeners[0], DashboardTerminalTests.message("PG2-1", family: "Müller", given: "Anna", test: ("2823-3", "Potassium"),
                                                          value: "6.8", flag: "HH"), "Müller"),
            (listeners[0], DashboardTerminalTests.message("PG2-2", family: "Lindqvist", given: "Ola", test: ("2951-2", "Sodium"),
                                                          value: "128", flag: "L"), "Lindqvist"),
            (listeners[1], DashboardTerminalTests.message("PG2-3", family: "García", given: "José", test: ("2345-7", "Glucose"),
                                                          value: "92", flag: "N"), "García"),
        ]
        for (index, (listener, message, patient)) in results.enumerated() {
            let file = workspace.appendingPathComponent("result\(index).hl7")
            try message.write(to: file, atomically: true, encoding: .utf8)
            let sent = try Subprocess.carequeue(["send", "--port", "\(listener.port)", file.path], environment: hosts[0].environment)
            try #require(sent.status == 0 && sent.stdout.hasSuffix(" AA\n"), "\(sent.stdout)\(sent.stderr)")
            let seconds = try Self.untilBoth(terminals, "\(patient) on both dashboards") { pane in
                pane.contains { $0.contains(patient) }
            }
            print("arrival (ACK → row on both dashboards): \(patient) \(seconds.map { String(format: "%.0f ms", $0 * 1000) })")
            #expect(seconds.allSatisfy { $0 < Self.arrivalAllowance }, "\(patient) took \(seconds) s to show")
        }

        let ids = try Self.taskIDs(url, environment: hosts[1].environment)
        let (muller, lund) = (try #require(ids["PG2-1"]), try #require(ids["PG2-2"]))

        // `status` from either host lists both listeners, each under its host's name.
        let status = try Self.poll("status lists both listeners") {
            let result = try Subprocess.carequeue(["status", "--db", url], environment: hosts[1].environment)
            return result.stdout.contains("2 listeners running") ? result : nil
        }
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        for (host, listener) in zip(hosts, listeners) {
            #expect(status.stdout.contains("\(host.name) 127.0.0.1:\(listener.port)"), "\(status.stdout)")
            #expect(status.stdout.contains("listener:  \(host.name): running on 127.0.0.1:\(listener.port)"), "\(status.stdout)")
        }

        // Each header counts the feed of both listeners (each beats its own count every 3 s).
        _ = try Self.untilBoth(terminals, "3 today in both headers") { pane in pane.first?.contains(" 3 today ") == true }

        // Kim acknowledges the critical result (the top row): Sam's row says ack'd.
        try Self.select(muller, on: kim, moving: [])
        try kim.press("a")
        try #require(kim.wait(for: "Task \(muller) acknowledged", timeout: Self.patience) != nil, "\(kim.capture())")
        #expect(sam.wait(timeout: Self.patience) { $0.contains { $0.contains("Müller") && $0.contains("ack'd") } } != nil,
                "kim's ack did not show on sam's dashboard: \(sam.capture().joined(separator: "\n"))")

        // Kim closes the abnormal one (the second row): it leaves Sam's screen.
        try Self.select(lund, on: kim, moving: ["Down"])
        try Self.close(lund, on: kim, note: "Called patient, repeat sodium ordered")
        #expect(sam.wait(timeout: Self.patience) { pane in
            !pane.contains { $0.contains("Lindqvist") } && pane.contains { $0.contains("García") }
        } != nil, "kim's close did not take the task off sam's dashboard: \(sam.capture().joined(separator: "\n"))")

        // Sam starts closing the critical one while Kim closes it first: Sam's close is refused
        // naming Kim, and the note Sam wrote is offered back.
        try Self.select(muller, on: sam, moving: [])
        try sam.press("c")
        try Self.actAnyway(claimedBy: "kim", on: sam, task: muller)
        try sam.press("Enter")
        try #require(sam.wait(for: "Note on the follow-up (required)", timeout: Self.patience) != nil, "\(sam.capture())")
        try sam.type("left a voicemail, will retry")
        try Self.select(muller, on: kim, moving: [])
        try Self.close(muller, on: kim, note: "reached her, advised ED", claimedBy: "sam")
        try sam.press("Enter")
        let refused = try #require(sam.wait(for: "your note was kept", timeout: Self.patience),
                                   "sam's late close was not refused: \(sam.capture().joined(separator: "\n"))")
        #expect(refused.contains { $0.contains("task is already closed by kim") }, "\(refused.joined(separator: "\n"))")
        try sam.press("d")
        #expect(sam.wait(timeout: Self.patience) { pane in
            !pane.contains { $0.contains("your note was kept") } && !pane.contains { $0.contains("Müller") }
                && pane.contains { $0.contains("García") }
        } != nil, "the closed task stayed on sam's dashboard: \(sam.capture().joined(separator: "\n"))")
        #expect(kim.wait(timeout: Self.patience) { pane in
            !pane.contains { $0.contains("Müller") } && !pane.contains { $0.contains("Lindqvist") }
        } != nil, "\(kim.capture().joined(separator: "\n"))")
        let shown = try Subprocess.carequeue(["tasks", "show", "\(muller)", "--db", url, "--json", "--user", "check"],
                                             environment: hosts[1].environment)
        let story = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(story?["closed_by"] as? String == "kim" && story?["close_note"] as? String == "reached her, advised ED",
                "\(shown.stdout)\(shown.stderr)")

        // Quit both screens and stop both listeners (a clean stop anchors): the chain verifies from each host.
        for terminal in terminals {
            try terminal.press("q")
            #expect(terminal.wait(for: "EXITED 0", timeout: Self.patience) != nil, "\(terminal.capture().joined(separator: "\n"))")
        }
        listeners.forEach { $0.stop() }
        for host in hosts {
            let verified = try Subprocess.carequeue(["audit", "verify", "--db", url], environment: host.environment)
            #expect(verified.status == 0, "\(host.name): \(verified.stdout)\(verified.stderr)")
        }
    }

    /// Polls both panes together until `condition` holds on each; returns the seconds each took.
    static func untilBoth(_ terminals: [TmuxDriver], _ what: String, condition: ([String]) -> Bool) throws -> [TimeInterval] {
        let start = Date()
        var seen: [TimeInterval?] = terminals.map { _ in nil }
        while seen.contains(where: { $0 == nil }), Date().timeIntervalSince(start) < patience {
            for (index, terminal) in terminals.enumerated() where seen[index] == nil && condition(terminal.capture()) {
                seen[index] = Date().timeIntervalSince(start)
            }
            usleep(10_000)
        }
        return try seen.enumerated().map { index, seconds in
            try #require(seconds, "\(what): not on dashboard \(index): \(terminals[index].capture().joined(separator: "\n"))")
        }
    }

    /// `g`, then `moving`, and waits until the status line names task `id`.
    static func select(_ id: Int, on terminal: TmuxDriver, moving keys: [String]) throws {
        try terminal.press("g")
        for key in keys { try terminal.press(key) }
        try #require(terminal.wait(timeout: patience) { $0.contains { $0.hasPrefix(" #\(id) ") } } != nil,
                     "the cursor is not on task \(id): \(terminal.capture().joined(separator: "\n"))")
    }

    /// After `c`: answers `y` when the dashboard asks because `claimedBy` works on the task, and
    /// waits for the close dialog.
    static func actAnyway(claimedBy user: String, on terminal: TmuxDriver, task id: Int) throws {
        let pane = try #require(terminal.wait(timeout: patience) { pane in
            pane.contains { $0.contains("is working on this task") } || pane.contains { $0.contains("Close task \(id)") }
        }, "c opened nothing: \(terminal.capture().joined(separator: "\n"))")
        if pane.contains(where: { $0.contains("is working on this task") }) {
            #expect(pane.contains { $0.contains("\(user) is working on this task") }, "\(pane.joined(separator: "\n"))")
            try terminal.press("y")
            try #require(terminal.wait(for: "Close task \(id)", timeout: patience) != nil, "\(terminal.capture())")
        }
    }

    /// `c` on the selected task `id`, the first outcome (reached) and `note`; waits for the confirmation.
    static func close(_ id: Int, on terminal: TmuxDriver, note: String, claimedBy user: String = "") throws {
        try terminal.press("c")
        try actAnyway(claimedBy: user, on: terminal, task: id)
        try terminal.press("Enter")
        try #require(terminal.wait(for: "Note on the follow-up (required)", timeout: patience) != nil, "\(terminal.capture())")
        try terminal.type(note)
        try terminal.press("Enter")
        try #require(terminal.wait(for: "Task \(id) closed (reached)", timeout: patience) != nil,
                     "the close of \(id) was not confirmed: \(terminal.capture().joined(separator: "\n"))")
    }

    static func tasks(_ url: String, environment: [String: String]) throws -> [[String: Any]] {
        let listed = try Subprocess.carequeue(["tasks", "list", "--db", url, "--status", "all", "--json"], environment: environment)
        return try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// Task ids by their message's control id.
    static func taskIDs(_ url: String, environment: [String: String]) throws -> [String: Int] {
        Dictionary(try tasks(url, environment: environment).compactMap { task in
            (task["control_id"] as? String).flatMap { control in (task["id"] as? Int).map { (control, $0) } }
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Calls `attempt` until it returns something (or `patience` passes).
    static func poll<T>(_ what: String, _ attempt: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            if let value = try attempt() { return value }
            guard Date() < deadline else { throw TmuxError("timed out: \(what)") }
            usleep(200_000)
        }
    }
}
