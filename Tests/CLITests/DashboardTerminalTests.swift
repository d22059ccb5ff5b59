import Foundation
import MLLP
import NIOCore
import StoreFixtures
import Testing
import TestSupport

/// The dashboard end to end in a real terminal (tmux): live rows from the listener, keys, the
/// store, resizing, and a clean terminal after quitting.
@Suite("Dashboard in a terminal", .serialized,
       .enabled(if: TmuxDriver.executable != nil || TmuxDriver.isCI, "tmux is not installed: skipping the terminal tests"))
struct DashboardTerminalTests {
    static let chen = "1234567893"

    static let roster = """
        npi,name,role,supervisor_npi
        1234567893,Dr Ada Chen,physician,1245319599
        1245319599,Dr Bo Okafor,physician,
        1003000126,Cal Reyes,coordinator,
        1457492423,Eve Lund,charge_nurse,

        """

    /// An ORU^R01 for Dr Chen: one observation, its flag deciding the tier.
    static func message(_ control: String, family: String, given: String, test: (code: String, name: String),
                        value: String, flag: String) -> String {
        "MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301120000||ORU^R01^ORU_R01|\(control)|P|2.5.1\r"
            + "PID|1||MRN-\(control)^^^HOSP^MR||\(family)^\(given)||19700101|F|||||(555)555-0100\r"
            + "OBR|1|P-\(control)|F-\(control)|\(test.code)^\(test.name)^LN|||20260301110000|||||||||"
            + "\(chen)^Chen^Ada^^^^^^^^^^NPI||||||||F\r"
            + "OBX|1|NM|\(test.code)^\(test.name)^LN||\(value)|mmol/L|3.5-5.1|\(flag)|||F\r"
    }

    @Test("send results, watch them appear, ack and close with the keys, resize, quit to a clean terminal",
          arguments: StoreKind.available)
    func endToEnd(kind: StoreKind) async throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the dashboard's terminal tests cannot run")
            return
        }
        let workspace = try LifecycleWorkspace(label: "dashboard-e2e", kind: kind)
        let directory = workspace.directory
        try DashboardTerminalSession.importRoster(workspace)

        let binary = TestPaths.carequeueBinary.path
        let terminal = try TmuxDriver(
            command: "\(TmuxDriver.quoted(binary)) dashboard --db \(TmuxDriver.quoted(workspace.db)) --listen 127.0.0.1:0 --user e2e; echo EXITED $?; sleep 120",
            width: 120, height: 40, directory: directory, environment: workspace.environment(user: "e2e"))
        defer { terminal.kill() }

        // (The shell lingers after the dashboard so the pane can be read; `kill` ends it.)
        // The header shows the real port; nothing was printed outside curses.
        let opened = try #require(terminal.wait(for: "● up 127.0.0.1:"), "the dashboard did not open: \(terminal.capture())")
        #expect(!opened.contains { $0.contains("listening on") })
        let header = opened[0]
        let port = try #require(Int(header.split(separator: ":").dropFirst().first?.prefix { $0.isNumber } ?? ""))

        // Results sent with `carequeue send` appear without a keypress.
        let batch = [
            Self.message("E2E-1", family: "Müller", given: "Anna", test: ("2823-3", "Potassium"), value: "6.8", flag: "HH"),
            Self.message("E2E-2", family: "山田", given: "患者", test: ("2951-2", "Sodium"), value: "128", flag: "L"),
            Self.message("E2E-3", family: "García", given: "José", test: ("2345-7", "Glucose"), value: "92", flag: "N"),
        ]
        let file = directory.appendingPathComponent("batch.hl7")
        try batch.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let sent = try Subprocess.carequeue(["send", "--port", "\(port)", file.path])
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        #expect(sent.stdout.split(separator: "\n").map { $0.hasSuffix(" AA") } == [true, true, true])
        try #require(terminal.wait { $0.contains { $0.contains("Dr Ada Chen") && $0.contains("3") } } != nil,
                     "the provider list did not count the new tasks: \(terminal.capture())")

        try terminal.press("Tab")
        // The title row is written before the rows: wait for the last row too, or a capture under load
        // may fall mid-frame.
        let queue = try #require(terminal.wait { pane in
            pane.contains { $0.contains("Dr Ada Chen · 3 open") } && pane.contains { $0.contains("García, José") }
        }, "Tab did not open Dr Chen's queue: \(terminal.capture().joined(separator: "\n"))")
        #expect(queue.contains { $0.contains("!! CRIT") && $0.contains("Müller, Anna") })
        #expect(queue.contains { $0.contains("!  ABN") && $0.contains("山田, 患者") })
        #expect(queue.contains { $0.contains("   RTN") && $0.contains("García, José") })
        let critical = queue.firstIndex { $0.contains("Müller, Anna") } ?? 0
        let abnormal = queue.firstIndex { $0.contains("山田, 患者") } ?? 0
        #expect(critical < abnormal, "most urgent first")

        // How long from a message's ACK to its row on screen.
        let latencies = try await measureArrivalLatency(port: port, terminal: terminal, count: 5)
        print("dashboard arrival latency (ACK → row visible, tmux polling every 10 ms): "
            + latencies.map { String(format: "%.0f ms", $0 * 1000) }.joined(separator: ", "))
        #expect(latencies.allSatisfy { $0 < 1.0 }, "a row took a second or more to appear: \(latencies)")

        try acknowledgeAndClose(terminal: terminal, workspace: workspace)

        // Resize: smaller still fits, too small says so, larger again redraws the queue.
        try terminal.resize(width: 90, height: 26)
        #expect(terminal.wait { $0.count == 26 && $0.contains { $0.contains("Dr Ada Chen ·") } } != nil, "no redraw at 90×26")
        try terminal.resize(width: 70, height: 20)
        #expect(terminal.wait(for: "Terminal too small") != nil)
        try terminal.resize(width: 120, height: 40)
        #expect(terminal.wait(for: "Dr Ada Chen ·") != nil, "no redraw after growing again")

        try terminal.press("q")
        let after = try #require(terminal.wait(for: "EXITED 0"), "q did not quit cleanly: \(terminal.capture())")
        let leftovers = after.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("EXITED") }
        #expect(leftovers.isEmpty, "the terminal is not clean after quitting: \(leftovers)")

        let log = try FileManager.default.attributesOfItem(atPath: try Self.dashboardLog(workspace))
        #expect((log[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("another listener on this database: the dashboard watches, says whose listener it is, and shows its feed live",
          arguments: StoreKind.available)
    func anotherListener(kind: StoreKind) async throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the dashboard's terminal tests cannot run")
            return
        }
        // On PostgreSQL the listener and the dashboard share the workspace's HOME: one host, one listener lock.
        let workspace = try LifecycleWorkspace(label: "dashboard-busy", kind: kind)
        let listener = try workspace.listenerProcess()
        defer { listener.stop() }

        let binary = TestPaths.carequeueBinary.path
        let terminal = try TmuxDriver(
            command: "\(TmuxDriver.quoted(binary)) --db \(TmuxDriver.quoted(workspace.db)) --listen 127.0.0.1:0; echo EXITED $?; sleep 120",
            width: 120, height: 30, directory: workspace.directory, environment: workspace.environment())
        defer { terminal.kill() }

        let opened = try #require(terminal.wait(for: "serves this database"), "no watcher message: \(terminal.capture())")
        #expect(opened.contains { $0.contains("Another listener (pid \(listener.process.processIdentifier) on 127.0.0.1:\(listener.port))") },
                "\(opened.joined(separator: "\n"))")
        #expect(opened.contains { $0.contains("● up 127.0.0.1:\(listener.port)") }, "the other listener's heartbeat")

        let client = MLLPClient(host: "127.0.0.1", port: listener.port)
        _ = try await client.send(Array(Self.message("BUSY-1", family: "Okafor", given: "Ngozi", test: ("2823-3", "Potassium"),
                                                     value: "2.1", flag: "LL").utf8), timeout: .seconds(10))
        await client.close()
        // No roster here: the result lands in the Unassigned queue, which is shown first.
        #expect(terminal.wait(timeout: 5) { $0.contains { $0.contains("!! CRIT") && $0.contains("Okafor, Ng") } } != nil,
                "a result stored by another process did not show: \(terminal.capture())")

        try terminal.press("C-c")
        #expect(terminal.wait(for: "EXITED 0") != nil, "Ctrl-C did not quit cleanly")
    }

    /// Sends `count` abnormal results one at a time; for each, the time from its ACK until its row shows.
    private func measureArrivalLatency(port: Int, terminal: TmuxDriver, count: Int) async throws -> [TimeInterval] {
        let client = MLLPClient(host: "127.0.0.1", port: port)
        var latencies: [TimeInterval] = []
        for index in 1...count {
            let control = "LAT-\(index)"
            let name = "Latency\(index)"
            let bytes = Array(Self.message(control, family: name, given: "Pat", test: ("2951-2", "Sodium"),
                                           value: "129", flag: "L").utf8)
            let reply = try await client.send(bytes, timeout: .seconds(10))
            let acked = Date()
            #expect(reply != nil)
            let shown = terminal.wait(timeout: 5) { $0.contains { $0.contains("\(name), Pat") } }
            try #require(shown != nil, "\(control) never appeared")
            latencies.append(Date().timeIntervalSince(acked))
        }
        await client.close()
        return latencies
    }

    /// `a` on the critical row, then `c` with an empty note (refused) and a real one; checks the store.
    private func acknowledgeAndClose(terminal: TmuxDriver, workspace: LifecycleWorkspace) throws {
        try terminal.press("g")
        let top = try #require(terminal.wait { pane in pane.contains { $0.contains(" #") && $0.contains("open") } })
        let status = top.first { $0.hasPrefix(" #") } ?? ""
        let taskID = try #require(Int(status.dropFirst(2).prefix { $0.isNumber }), "no task id in the status line: \(status)")

        try terminal.press("a")
        #expect(terminal.wait(for: "Task \(taskID) acknowledged") != nil, "\(terminal.capture())")
        #expect(try storedStatus(of: taskID, workspace) == "acknowledged")
        try terminal.press("a")
        #expect(terminal.wait(for: "task is already acknowledged by e2e") != nil, "a second ack is refused on the message line")

        try terminal.press("c")
        try #require(terminal.wait(for: "Close task \(taskID)") != nil)
        try terminal.press("Enter")
        try #require(terminal.wait(for: "Note on the follow-up (required)") != nil)
        try terminal.press("Enter")
        #expect(terminal.wait(for: "closing needs a note documenting the follow-up") != nil, "an empty note was not refused")
        try terminal.type("Called patient, repeat K+ ordered")
        try terminal.press("Enter")
        #expect(terminal.wait(for: "Task \(taskID) closed (reached)") != nil, "\(terminal.capture())")
        #expect(try storedStatus(of: taskID, workspace) == "closed")
        #expect(terminal.wait(for: "Dr Ada Chen · 7 open") != nil, "the closed task left the queue")

        // An action taken in another process shows up without a keypress.
        let other = try #require(try storedTaskID(control: "E2E-2", workspace))
        let acked = try workspace.run(["tasks", "ack", "\(other)", "--user", "kim"])
        #expect(acked.status == 0, "\(acked.stderr)")
        #expect(terminal.wait(timeout: 5) { $0.contains { $0.contains("山田, 患者") && $0.contains("ack'd") } } != nil,
                "another process's ack did not show: \(terminal.capture())")
    }

    private func storedTaskID(control: String, _ workspace: LifecycleWorkspace) throws -> Int? {
        try DashboardTerminalSession.tasks(workspace).first { ($0["control_id"] as? String) == control }?["id"] as? Int
    }

    private func storedStatus(of id: Int, _ workspace: LifecycleWorkspace) throws -> String? {
        try DashboardTerminalSession.tasks(workspace).first { ($0["id"] as? Int) == id }?["status"] as? String
    }

    /// The dashboard's log: beside the SQLite file, or on PostgreSQL in this host's state directory
    /// (`$HOME/.local/share/carequeue/postgres`, named after the server and database).
    static func dashboardLog(_ workspace: LifecycleWorkspace) throws -> String {
        guard workspace.kind == .postgres else { return workspace.db + ".log" }
        let state = workspace.directory.appendingPathComponent(".local/share/carequeue/postgres")
        let database = try #require(URLComponents(string: workspace.db)?.path.split(separator: "/").last)
        let logs = try FileManager.default.contentsOfDirectory(atPath: state.path)
            .filter { $0.hasSuffix("-\(database).log") }
        try #require(logs.count == 1, "no single dashboard log for \(database) in \(state.path): \(logs)")
        return state.appendingPathComponent(logs[0]).path
    }
}
