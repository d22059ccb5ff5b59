import CareQueueCore
import CareQueueStore
import Foundation
import Glibc
import StoreFixtures
import Testing
import TestSupport

/// Issue 18 items 1–3 end to end: `--version`, `status` in each listener state, one listener per
/// database, plain-words bind errors, SIGHUP reload, and readiness for systemd.
@Suite("Operating the service", .serialized)
struct ServiceCLITests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("--version names this release, SQLite and ncurses")
    func version() throws {
        let result = try Subprocess.carequeue(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stdout)")
        #expect(lines.first == "carequeue \(CareQueueVersion.current)")
        #expect(lines.dropFirst().first?.hasPrefix("SQLite 3.") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("ncurses ") == true, "\(lines)")
    }

    @Test("status without a database: UNKNOWN, exit 3, in text and JSON, and no database is made", arguments: StoreKind.available)
    func statusNoDatabase(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "status-none", kind: kind)
        let text = try workspace.run(["status"])
        #expect(text.status == 3)
        let missing = kind == .sqlite ? "no database at" : "no CareQueue store in"
        #expect(text.stdout.hasPrefix("CAREQUEUE UNKNOWN - \(missing) \(workspace.db)"), "\(text.stdout)")
        let json = try workspace.run(["status", "--json"])
        #expect(json.status == 3)
        let object = try Self.json(json.stdout)
        #expect(object["status"] as? String == "UNKNOWN")
        #expect(object["exit_code"] as? Int == 3)
        #expect(object["listener"] is NSNull)
        #expect(try workspace.leftNothingBehind())
    }

    @Test("status while running (OK, 0), with a silent feed (WARNING, 1), after SIGTERM (stopped, 2) and with a stale beat (2)", arguments: StoreKind.available)
    func statusStates(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "status-states", kind: kind)
        let config = try workspace.file("config.toml", "[clinic]\nname = \"North\"\n")
        let listener = try workspace.listenerProcess(["--config", config])
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port),
                                             try workspace.file("one.hl7", ORU.mix[0])])
        #expect(sent.status == 0, "\(sent.stderr)")

        // The second line names what runs: version, database, configuration file.
        let second = listener.log.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(second == "carequeue \(CareQueueVersion.current) · database \(workspace.db) · configuration \(config)")

        let running = try workspace.run(["status", "--json", "--config", config])
        #expect(running.status == 0, "\(running.stdout)")
        let object = try Self.json(running.stdout)
        #expect(object["status"] as? String == "OK")
        #expect(object["problems"] as? [String] == [])
        let state = try #require(object["listener"] as? [String: Any])
        #expect(state["state"] as? String == "running")
        #expect(state["address"] as? String == "127.0.0.1:\(listener.port)")
        #expect(state["pid"] as? Int == Int(listener.process.processIdentifier))
        #expect(state["stopped_at"] is NSNull)
        let messages = try #require(object["messages"] as? [String: Any])
        let today = try #require(messages["today"] as? [String: Any])
        #expect(today["total"] as? Int == 1)
        #expect((today["by_ack_code"] as? [String: Int]) == ["AA": 1])
        #expect((messages["last_hour"] as? [String: Any])?["total"] as? Int == 1)
        #expect((object["review"] as? [String: Any])?["depth"] as? Int == 0)
        #expect((object["outbox"] as? [String: Any])?["waiting"] as? Int == 0)
        #expect(((object["database"] as? [String: Any])?["bytes"] as? Int ?? 0) > 0)
        #expect((object["feed"] as? [String: Any])?["silent"] as? Bool == false)

        let text = try workspace.run(["status", "--config", config])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("CAREQUEUE OK - listener running on 127.0.0.1:\(listener.port) | messages_today=1 "),
                "\(text.stdout)")
        #expect(text.stdout.contains("messages:  today 1 (AA 1)"), "\(text.stdout)")

        // Silent for longer than silent_after in opening hours: a warning, not a failure.
        let quiet = try workspace.file("quiet.toml", "[clinic]\nhours = \"00:00-24:00\"\nsilent_after = \"1s\"\n")
        usleep(1_200_000)
        let silent = try workspace.run(["status", "--config", quiet])
        #expect(silent.status == 1, "\(silent.stdout)")
        #expect(silent.stdout.hasPrefix("CAREQUEUE WARNING - feed silent for "), "\(silent.stdout)")

        // A clean stop says so at once, not after the beat goes stale.
        listener.stop()
        #expect(listener.process.terminationStatus == 0)
        let stopped = try workspace.run(["status", "--json"])
        #expect(stopped.status == 2, "\(stopped.stdout)")
        let after = try Self.json(stopped.stdout)
        #expect(after["status"] as? String == "CRITICAL")
        #expect((after["listener"] as? [String: Any])?["state"] as? String == "stopped")
        #expect(!((after["listener"] as? [String: Any])?["stopped_at"] is NSNull))
        #expect((after["problems"] as? [String])?.first?.hasPrefix("listener stopped at ") == true)

        // A listener that died without stopping leaves a beat that goes stale.
        let database = try workspace.openStore(access: .existing)
        let now = Date()
        try database.writeHeartbeat(Heartbeat(address: "127.0.0.1:\(listener.port)", pid: 4242,
                                              startedAt: now.addingTimeInterval(-600), beatAt: now.addingTimeInterval(-60),
                                              messagesToday: 1, lastMessageAt: nil))
        let stale = try workspace.run(["status"])
        #expect(stale.status == 2)
        #expect(stale.stdout.hasPrefix("CAREQUEUE CRITICAL - listener not beating since "), "\(stale.stdout)")
        #expect(stale.stdout.contains("listener:  STALE: no beat since"), "\(stale.stdout)")
    }

    @Test("$CAREQUEUE_HOST_NAME names the host a listener beats under, as status reports it", arguments: StoreKind.available)
    func hostNameOverride(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "status-host-name", kind: kind)
        let listener = try ListenerProcess(database: workspace.db, environment: workspace.environment().merging(["CAREQUEUE_HOST_NAME": "app7"]) { $1 },
                                           log: workspace.directory.appendingPathComponent("listener.log"))
        defer { listener.stop() }
        let status = try workspace.run(["status", "--json"])
        #expect(status.status == 0, "\(status.stdout)")
        let listeners = try #require(try Self.json(status.stdout)["listeners"] as? [[String: Any]])
        #expect(listeners.map { $0["host"] as? String } == ["app7"], "\(status.stdout)")
    }

    @Test("a second listen on the same database exits 1 naming the first's address and pid, and binds nothing", arguments: StoreKind.available)
    func oneListenerPerDatabase(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "listen-lock", kind: kind)
        let first = try workspace.listenerProcess()
        defer { first.stop() }
        let second = try Subprocess.carequeue(["listen", "--db", workspace.db, "--port", "0"], environment: workspace.environment(), timeout: 30)
        #expect(second.status == 1)
        #expect(second.stderr.contains(
            "another listener already serves this database (pid \(first.process.processIdentifier) on 127.0.0.1:\(first.port))"),
                "\(second.stderr)")
        #expect(!second.stderr.contains("listening on"))
        // The refused one wrote nothing: the first still beats and is not marked stopped.
        let status = try workspace.run(["status"])
        #expect(status.status == 0, "\(status.stdout)")
    }

    @Test("bind failures in plain words: port in use, address not available; no new database is left behind", arguments: StoreKind.available)
    func bindFailures(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "listen-bind", kind: kind)
        let other = try ListenerProcess(database: workspace.directory.appendingPathComponent("other.sqlite").path)
        defer { other.stop() }
        let busy = try workspace.run(["listen", "--port", String(other.port)])
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("port \(other.port) on 127.0.0.1 is already in use"), "\(busy.stderr)")
        #expect(try workspace.leftNothingBehind(), "a listener that never started leaves no new database")
        #expect(!FileManager.default.fileExists(atPath: workspace.db + "-wal"))

        // 192.0.2.1 is TEST-NET-1: no interface has it.
        let plaintext = try workspace.file("open.toml", "[listener]\nallow_plaintext = true\n")
        let absent = try workspace.run(["listen", "--host", "192.0.2.1", "--port", "0", "--config", plaintext])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("cannot listen on 192.0.2.1:0: address not available"), "\(absent.stderr)")
        #expect(!absent.stderr.contains("errno"), "\(absent.stderr)")
    }

    @Test("SIGHUP reloads [windows] for the next result, logs an address change as needing a restart, and keeps listening", arguments: StoreKind.available)
    func reloadWindows(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "listen-reload", kind: kind)
        let config = try workspace.file("config.toml", "[windows]\ncritical = \"30m\"\n")
        let listener = try workspace.listenerProcess(["--config", config])
        defer { listener.stop() }
        func send(_ message: String, _ name: String) throws {
            let sent = try Subprocess.carequeue(["send", "--port", String(listener.port), try workspace.file(name, message)])
            #expect(sent.status == 0, "\(sent.stderr)")
        }
        try send(ORU.message("R1", mrn: "MRN-R1", filler: "11", value: "6.8", flag: "HH", npi: nil), "r1.hl7")
        // Its task follows the ACK (on PostgreSQL tens of milliseconds later): derived before the
        // reload, it keeps the window it arrived under.
        let derived = Date().addingTimeInterval(10)
        while try workspace.tasksByMRN()["MRN-R1"] == nil, Date() < derived { usleep(20_000) }

        _ = try workspace.file("config.toml", "[windows]\ncritical = \"5m\"\n[listener]\nhost = \"::1\"\n")
        kill(listener.process.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(10)
        while !listener.log.contains("configuration reloaded"), Date() < deadline { usleep(20_000) }
        #expect(listener.log.contains("configuration reloaded: [windows] applied"), "\(listener.log)")
        #expect(listener.log.contains("need a restart, not applied: address 127.0.0.1:0 → [::1]:0"), "\(listener.log)")
        #expect(listener.process.isRunning, "SIGHUP ended the listener")

        try send(ORU.message("R2", mrn: "MRN-R2", filler: "12", value: "6.9", flag: "HH", npi: nil), "r2.hl7")
        let tasks = try workspace.tasksByMRN()
        func window(_ mrn: String) throws -> TimeInterval {
            let task = try #require(tasks[mrn], "no task for \(mrn)")
            let received = try #require(ISO8601DateFormatter().date(from: task["received_at"] as? String ?? ""))
            let due = try #require(ISO8601DateFormatter().date(from: task["due_at"] as? String ?? ""))
            return due.timeIntervalSince(received)
        }
        #expect(try window("MRN-R1") == 30 * 60)
        #expect(try window("MRN-R2") == 5 * 60)
        listener.stop()
        #expect(listener.process.terminationStatus == 0)
    }

    @Test("under systemd (NOTIFY_SOCKET) it says READY=1 once the port is open, and STOPPING=1 on SIGTERM", arguments: StoreKind.available)
    func readiness(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "listen-notify", kind: kind)
        let socket = try NotifySocket(path: "/tmp/cq-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock")
        let listener = try ListenerProcess(database: workspace.db, environment: workspace.environment().merging(["NOTIFY_SOCKET": socket.path]) { $1 },
                                           log: workspace.directory.appendingPathComponent("listener.log"))
        let ready = try #require(socket.receive(timeout: 10), "no READY=1")
        #expect(ready == "READY=1\nSTATUS=listening on 127.0.0.1:\(listener.port)")
        listener.stop()
        #expect(socket.receive(timeout: 10) == "STOPPING=1")
    }
}

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw HarnessError("cannot bind \(path): errno \(errno)") }
    }

    /// The next datagram, or nil after `timeout` seconds.
    func receive(timeout: TimeInterval) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
