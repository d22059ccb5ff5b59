import Foundation
import StoreFixtures
import TestSupport

/// A fresh store of `kind` with the dashboard roster, and `carequeue dashboard` on it in tmux,
/// listening on a free port. On PostgreSQL the workspace is the host's HOME (its own listener
/// lock, audit anchor and dashboard log), so tests never share a host's files.
final class DashboardTerminalSession {
    let workspace: LifecycleWorkspace
    let terminal: TmuxDriver
    let port: Int

    var directory: URL { workspace.directory }
    /// The SQLite file's path or the PostgreSQL database's URL.
    var database: String { workspace.db }
    var kind: StoreKind { workspace.kind }

    /// `config`, when given, is written to the workspace and passed with `--config`.
    init(_ label: String, kind: StoreKind, flags: [String] = [], config: String? = nil,
         environment: [String: String] = [:]) throws {
        let workspace = try LifecycleWorkspace(label: label, kind: kind)
        self.workspace = workspace
        var flags = flags
        if let config { flags += ["--config", try workspace.file("config.toml", config)] }
        try DashboardTerminalSession.importRoster(workspace)
        let arguments = (["dashboard", "--db", workspace.db, "--listen", "127.0.0.1:0", "--user", "e2e"] + flags)
            .map(TmuxDriver.quoted).joined(separator: " ")
        terminal = try TmuxDriver(command: "\(TmuxDriver.quoted(TestPaths.carequeueBinary.path)) \(arguments); echo EXITED $?; exec cat",
                                  width: 120, height: 40, directory: workspace.directory,
                                  environment: workspace.environment(user: "e2e").merging(environment) { $1 })
        // Opening waits as long as a loaded CI machine may need; it passes as soon as the header shows.
        guard let opened = terminal.wait(for: "● up 127.0.0.1:", timeout: 45),
              let port = Int(opened[0].split(separator: ":").dropFirst().first?.prefix { $0.isNumber } ?? "") else {
            terminal.kill()
            throw TmuxError("the dashboard did not open: \(terminal.capture())")
        }
        self.port = port
    }

    deinit { terminal.kill() }

    /// Imports `DashboardTerminalTests.roster` (Dr Chen, Dr Okafor, a coordinator, a charge nurse).
    static func importRoster(_ workspace: LifecycleWorkspace) throws {
        let imported = try workspace.run(["roster", "import", try workspace.file("roster.csv", DashboardTerminalTests.roster)])
        guard imported.status == 0 else { throw TmuxError("roster import failed: \(imported.stderr)") }
    }

    /// Sends Dr Chen a critical potassium (E2E-1), an abnormal sodium (E2E-2) and a normal glucose (E2E-3);
    /// returns what `send` printed, a line per message ending in its ACK code.
    @discardableResult
    func sendResults() throws -> String {
        let batch = [
            DashboardTerminalTests.message("E2E-1", family: "Müller", given: "Anna", test: ("2823-3", "Potassium"),
                                           value: "6.8", flag: "HH"),
            DashboardTerminalTests.message("E2E-2", family: "Lund", given: "Ola", test: ("2951-2", "Sodium"),
                                           value: "128", flag: "L"),
            DashboardTerminalTests.message("E2E-3", family: "García", given: "José", test: ("2345-7", "Glucose"),
                                           value: "92", flag: "N"),
        ]
        let file = try workspace.file("batch.hl7", batch.joined(separator: "\n"))
        let sent = try Subprocess.carequeue(["send", "--port", "\(port)", file])
        guard sent.status == 0 else { throw TmuxError("send failed: \(sent.stdout)\(sent.stderr)") }
        return sent.stdout
    }

    /// Stored tasks from `tasks list --json`.
    func tasks() throws -> [[String: Any]] {
        try Self.tasks(workspace)
    }

    func task(mrn: String) throws -> [String: Any]? { try tasks().first { ($0["mrn"] as? String) == mrn } }

    /// The stored tasks once there are `count` of them (or as they are after `timeout`). An ACK says
    /// the message is stored; its tasks follow once derived — on PostgreSQL beside the writer, on a
    /// connection of its own, tens of milliseconds later — so a `tasks list` right after `send` may
    /// come too soon on either store.
    func tasks(count: Int, timeout: TimeInterval = 10) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let tasks = try tasks()
            if tasks.count >= count || Date() >= deadline { return tasks }
            usleep(20_000)
        }
    }

    /// `tasks list --status all --json` on `workspace`'s store.
    static func tasks(_ workspace: LifecycleWorkspace) throws -> [[String: Any]] {
        let listed = try workspace.run(["tasks", "list", "--status", "all", "--json"])
        guard listed.status == 0 else { throw TmuxError("tasks list failed: \(listed.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// Rows of `audit list --json` with `filter`.
    func auditRows(_ filter: [String] = []) throws -> [[String: Any]] {
        let listed = try workspace.run(["audit", "list", "--json"] + filter)
        guard listed.status == 0, let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        else { throw TmuxError("audit list failed: \(listed.stderr)") }
        return rows
    }
}
