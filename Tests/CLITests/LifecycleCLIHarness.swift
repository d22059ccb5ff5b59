import Foundation
import StoreFixtures
import TestSupport

/// A scratch database with a roster, filled through the real `listen` + `send`, for CLI tests of
/// the task lifecycle, escalations, report and audit commands: a SQLite file, or a new PostgreSQL
/// database on the test server (this workspace is then the host's HOME, where its own files go).
final class LifecycleWorkspace {
    /// Valid NPIs (Luhn over 80840 + the first nine digits).
    enum NPI {
        static let drA = "1234567893"          // physician, supervised by Dr O
        static let drO = "1245319599"          // physician
        static let park = "1679576722"         // NP, unsupervised
        static let coordinator = "1003000126"
        static let nurse = "1457492423"
        static let notOnRoster = "1111111112"
    }

    static let roster = """
        npi,name,role,supervisor_npi
        \(NPI.drA),"Chen, Ada",physician,\(NPI.drO)
        \(NPI.drO),"Okafor, Bo",physician,
        \(NPI.park),"Park, Nia",np,
        \(NPI.coordinator),Cal Reyes,coordinator,
        \(NPI.nurse),Eve Lund,charge_nurse,

        """

    let directory: URL
    /// The SQLite file's path, or the PostgreSQL database's URL.
    let db: String
    let kind: StoreKind
    /// Extra arguments for every command (e.g. `--config`).
    var common: [String] = []

    init(label: String = "carequeue-life", kind: StoreKind = .sqlite) throws {
        directory = try TestPaths.temporaryDirectory(label)
        self.kind = kind
        switch kind {
        case .sqlite: db = directory.appendingPathComponent("carequeue.sqlite").path
        case .postgres: db = try PostgresTestServer.freshDatabase(prefix: "cli")
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// What every command's environment adds: the user, and on PostgreSQL this workspace as HOME.
    func environment(user: String = "alice") -> [String: String] {
        kind == .postgres ? ["USER": user, "HOME": directory.path] : ["USER": user]
    }

    /// Runs `carequeue ARGS --db DB` as user alice (unless `--user` says otherwise).
    @discardableResult
    func run(_ arguments: [String], user: String = "alice") throws -> ProcessResult {
        try Subprocess.carequeue(arguments + ["--db", db] + common, environment: environment(user: user))
    }

    /// A workspace whose audit chain is keyed (`[audit] key_file` in a `--config` every command gets);
    /// returns the key file's path too.
    static func keyed(label: String = "carequeue-life", kind: StoreKind = .sqlite) throws -> (LifecycleWorkspace, String) {
        let workspace = try LifecycleWorkspace(label: label, kind: kind)
        let key = workspace.directory.appendingPathComponent("audit.key")
        try Data((0..<32).map { UInt8($0 * 11 % 256) }).write(to: key)
        workspace.common = ["--config", try workspace.file("config.toml", "[audit]\nkey_file = \"\(key.path)\"\n")]
        return (workspace, key.path)
    }

    /// Writes `text` to a file in the workspace and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Imports the roster, then sends `messages` through a listener on a free port and stops it.
    func ingest(_ messages: [String]) throws {
        let roster = try run(["roster", "import", try file("roster.csv", Self.roster)])
        guard roster.status == 0 else { throw HarnessError("roster import failed: \(roster.stderr)") }
        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", db] + common, environment: environment())
        defer { listener.stop() }
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port),
                                             try file("messages.hl7", messages.joined(separator: "\n"))])
        guard sent.status == 0 else { throw HarnessError("send failed: \(sent.stdout) \(sent.stderr)") }
    }

    /// The tasks as `tasks list --json --status all` shows them, keyed by MRN.
    func tasksByMRN() throws -> [String: [String: Any]] {
        let listed = try run(["tasks", "list", "--status", "all", "--json"])
        guard listed.status == 0,
              let array = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        else { throw HarnessError("tasks list failed: \(listed.stderr)") }
        return Dictionary(array.map { ($0["mrn"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The id of the task for `mrn`.
    func taskID(_ mrn: String) throws -> String {
        guard let id = try tasksByMRN()[mrn]?["id"] as? Int else { throw HarnessError("no task for \(mrn)") }
        return String(id)
    }

    /// `carequeue listen` on this workspace's store (its stderr in the workspace).
    func listenerProcess(_ arguments: [String] = []) throws -> ListenerProcess {
        try ListenerProcess(database: db, arguments: arguments + common, environment: environment(),
                            log: directory.appendingPathComponent("listener-\(UUID().uuidString.prefix(8)).log"))
    }

    /// Starts `carequeue ARGS --db DB` without waiting for it.
    func start(_ arguments: [String], user: String = "alice") throws -> RunningCommand {
        try RunningCommand(arguments + ["--db", db] + common, environment: environment(user: user))
    }

    /// An ISO 8601 UTC time `seconds` from now, whole seconds.
    static func isoFromNow(_ seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }
}

/// One ORU^R01 with one order and one observation, fields placed by number.
enum ORU {
    static func message(_ controlID: String, mrn: String, family: String = "Doe", given: String = "Jan",
                        filler: String, code: String = "2823-3", text: String = "Potassium", value: String,
                        flag: String, npi: String?, resultStatus: String = "F") -> String {
        let msh = "MSH|^~\\&|LAB|MAIN|CQ|CLINIC|20260101120000||ORU^R01|\(controlID)|P|2.5.1"
        let pid = segment("PID", [1: "1", 3: "\(mrn)^^^HOSP^MR", 5: "\(family)^\(given)", 7: "19800102", 8: "F",
                                  13: "555-0100"])
        var obr: [Int: String] = [1: "1", 2: "P\(filler)", 3: "F\(filler)", 4: "\(code)^\(text)^LN", 7: "20260101",
                                  25: resultStatus]
        if let npi { obr[16] = "\(npi)^Chen^Ada" + String(repeating: "^", count: 10) + "NPI" }
        let obx = segment("OBX", [1: "1", 2: "NM", 3: "\(code)^\(text)^LN", 5: value, 6: "mmol/L", 7: "3.5-5.1",
                                  8: flag, 11: resultStatus])
        return [msh, pid, segment("OBR", obr), obx].joined(separator: "\r") + "\r"
    }

    static func segment(_ id: String, _ fields: [Int: String]) -> String {
        let last = fields.keys.max() ?? 0
        return ([id] + (1...max(last, 1)).map { fields[$0] ?? "" }).joined(separator: "|")
    }

    /// The standard mix: critical and abnormal for Dr A, critical and abnormal Unassigned, routine for Dr A.
    static let mix = [
        message("C1", mrn: "MRN-CRIT-A", filler: "1", value: "6.8", flag: "HH", npi: LifecycleWorkspace.NPI.drA),
        message("C2", mrn: "MRN-ABN-A", filler: "2", code: "2951-2", text: "Sodium", value: "150", flag: "H",
                npi: LifecycleWorkspace.NPI.drA),
        message("C3", mrn: "MRN-CRIT-U", filler: "3", value: "2.1", flag: "LL", npi: LifecycleWorkspace.NPI.notOnRoster),
        message("C4", mrn: "MRN-ABN-U", filler: "4", code: "2951-2", text: "Sodium", value: "150", flag: "H", npi: nil),
        message("C5", mrn: "MRN-ROUT-A", filler: "5", value: "4.1", flag: "N", npi: LifecycleWorkspace.NPI.drA),
    ]
}

/// A `carequeue listen` child: started on port 0, stopped with SIGTERM.
final class Listener {
    let process = Process()
    let port: Int
    private let drained = DispatchGroup()

    init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = TestPaths.carequeueBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        // A listener that never says where it listens must not hang the suite.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        watchdog.cancel()
        let first = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard first.hasPrefix("listening on "), let port = first.split(separator: ":").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw HarnessError("listen did not start: \(first)")
        }
        self.port = port
        // Keep reading so the listener never blocks on a full stderr pipe.
        drained.enter()
        Thread.detachNewThread { [drained] in
            _ = stderr.fileHandleForReading.readDataToEndOfFile()
            drained.leave()
        }
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        drained.wait()
    }
}

/// A command running in the background; `finish()` waits for it.
final class RunningCommand {
    struct Finished {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private let process = Process()
    private let out = Pipe()
    private let err = Pipe()

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = TestPaths.carequeueBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    func finish() -> Finished {
        let group = DispatchGroup()
        let errBox = ErrBox()
        group.enter()
        Thread.detachNewThread { [err] in
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                        stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    // Written by one thread before `group.leave()`, read after `group.wait()`.
    private final class ErrBox: @unchecked Sendable {
        var data = Data()
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
