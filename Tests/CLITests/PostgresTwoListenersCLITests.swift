import Foundation
import Synchronization
import TestSupport
import Testing

/// Two `carequeue listen` processes on one PostgreSQL database, as on two hosts (each its own data
/// directory, so its own listener lock and audit anchor), given the same messages at once.
@Suite("Two listeners on one PostgreSQL database, end to end", .enabled(if: PostgresTestServer.shouldRun))
struct PostgresTwoListenersCLITests {
    /// Every sample a listener answers AA, with the roster the routing needs.
    static func samples() throws -> [String] {
        try TestPaths.sampleMessages().map(\.path).filter { !$0.contains("26-batch") && !$0.contains("31-mllp") }
    }

    @Test("the same messages sent to both at once: each stored once, each task made once, one intact audit chain")
    func sameMessagesToBoth() throws {
        let workspace = try TestPaths.temporaryDirectory("carequeue-pg-two")
        defer { try? FileManager.default.removeItem(at: workspace) }
        let url = try PostgresTestServer.freshDatabase(prefix: "two")
        let hosts = try (0..<2).map { host -> [String: String] in
            let home = workspace.appendingPathComponent("host\(host)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            return ["HOME": home.path, "XDG_DATA_HOME": "", "CAREQUEUE_DB": ""]
        }
        let roster = TestPaths.sampleData.appendingPathComponent("roster.csv").path
        #expect(try Subprocess.carequeue(["roster", "import", roster, "--db", url], environment: hosts[0]).status == 0)
        let listeners = try hosts.enumerated().map { index, environment in
            try ListenerProcess(database: url, environment: environment,
                                log: workspace.appendingPathComponent("listener\(index).log"))
        }
        defer { listeners.forEach { $0.stop() } }

        let files = try Self.samples()
        let results = try withThrowingTaskGroupSync(listeners.map { listener in
            { try Subprocess.carequeue(["send", "--port", String(listener.port)] + files, environment: hosts[0]) }
        })
        for sent in results { #expect(sent.status == 0, "\(sent.stderr)") }
        // Stopping drains: every acknowledged message is derived before a listener exits.
        listeners.forEach { $0.stop() }

        // One listener on a SQLite file given the same messages once: what must be stored.
        let reference = workspace.appendingPathComponent("reference.sqlite").path
        #expect(try Subprocess.carequeue(["roster", "import", roster, "--db", reference], environment: hosts[0]).status == 0)
        let single = try ListenerProcess(database: reference, environment: hosts[0])
        #expect(try Subprocess.carequeue(["send", "--port", String(single.port)] + files, environment: hosts[0]).status == 0)
        single.stop()
        // Sweeps ran whenever each listener's clock said; one more on each store, after every
        // message, makes the orders' missing results alike before they are compared.
        for db in [url, reference] {
            let swept = try Subprocess.carequeue(["escalations", "run", "--db", db], environment: hosts[1])
            #expect(swept.status == 0, "\(swept.stderr)")
        }

        func counts(_ db: String) throws -> [String] {
            try ["tasks", "review"].map { list in
                let listed = try Subprocess.carequeue([list, "list", "--db", db, "--json"],
                                                      environment: hosts[1])
                #expect(listed.status == 0, "\(listed.stderr)")
                let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any]
                return "\(list) \(rows?.count ?? -1)"
            }
        }
        #expect(try counts(url) == counts(reference))
        let stored = try PostgresTestServer.psql(url, ["-At", "-c",
            "SELECT count(*), count(DISTINCT (sending_application, sending_facility, control_id)) FROM messages WHERE ack_code = 'AA'"])
        let pair = stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
        #expect(pair.count == 2 && pair[0] == pair[1], "every AA'd message stored once: \(stored.stdout) \(stored.stderr)")
        let duplicateTasks = try PostgresTestServer.psql(url, ["-At", "-c",
            "SELECT count(*) FROM (SELECT 1 FROM tasks GROUP BY patient_mrn, placer_number, service_code HAVING count(*) > 1) d"])
        #expect(duplicateTasks.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(duplicateTasks.stderr)")
        for host in hosts {
            let verified = try Subprocess.carequeue(["audit", "verify", "--db", url], environment: host)
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        }
    }

    /// Runs the bodies on threads of their own at once and returns their results in order.
    private func withThrowingTaskGroupSync<T: Sendable>(_ bodies: [@Sendable () throws -> T]) throws -> [T] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let done = DispatchGroup()
        for (index, body) in bodies.enumerated() {
            done.enter()
            Thread {
                let result = Result { try body() }
                results.withLock { $0[index] = result }
                done.leave()
            }.start()
        }
        done.wait()
        return try bodies.indices.map { index in try results.withLock { $0[index]! }.get() }
    }
}
