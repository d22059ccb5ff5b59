import Foundation
import HL7
import MLLP
import NIOCore
import Synchronization
import Testing
import TestSupport

/// Power-cut durability: what got AA must be in the store after SIGKILL and restart, exactly once.
@Suite("Durability across SIGKILL", .serialized)
struct DurabilityTests {
    static func message(_ control: String) -> [UInt8] {
        Array(("MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301120000||ORU^R01^ORU_R01|\(control)|P|2.5.1\r"
            + "PID|1||MRN-\(control)^^^HOSP^MR||Doe^Jane||19700101|F\r"
            + "OBR|1|P-\(control)|F-\(control)|2345-7^Glucose^LN|||20260301110000|||||||||1234567893^Chen^Ada^^^^^^^^^^NPI||||||||F\r"
            + "OBX|1|NM|2345-7^Glucose^LN||92|mg/dL|70-99|N|||F\r").utf8)
    }

    @Test("every AA'd message is stored exactly once after a SIGKILL", arguments: 1...3)
    func killAndRestart(round: Int) async throws {
        let directory = try TestPaths.temporaryDirectory("durability")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path
        let listener = try ListenerProcess(database: database)
        let acknowledged = Tally()
        let port = listener.port

        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<4 {
                group.addTask {
                    let client = MLLPClient(host: "127.0.0.1", port: port)
                    defer { Task { await client.close() } }
                    for index in 0..<100_000 {
                        let control = "R\(round)S\(sender)N\(index)"
                        // After the kill every send fails or times out: that sender is done.
                        guard let reply = try? await client.send(Self.message(control), timeout: .seconds(5)),
                              let ack = try? HL7Message(parsing: reply),
                              ack.firstSegment(withID: "MSA")?[1].text == "AA" else { return }
                        acknowledged.add(control)
                    }
                }
            }
            // Kill mid-stream, once the senders are well under way.
            while acknowledged.count < 150 * round { try await Task.sleep(for: .milliseconds(5)) }
            listener.kill()
            try await group.waitForAll()
        }

        let acked = acknowledged.all
        #expect(acked.count >= 150 * round)
        let restarted = try ListenerProcess(database: database)
        let listed = try Subprocess.carequeue(["tasks", "list", "--db", database, "--status", "all", "--json"])
        restarted.stop()
        #expect(listed.status == 0, "\(listed.stderr)")
        let tasks = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let stored = tasks.compactMap { $0["control_id"] as? String }
        let counts = Dictionary(stored.map { ($0, 1) }, uniquingKeysWith: +)
        let missing = acked.filter { counts[$0] == nil }
        #expect(missing.isEmpty, "AA'd but not stored: \(missing.prefix(5))")
        #expect(counts.values.allSatisfy { $0 == 1 }, "a message was stored twice")
    }
}

/// Control ids that got AA, appended from several sender tasks.
final class Tally: Sendable {
    private let ids = Mutex<[String]>([])
    func add(_ id: String) { ids.withLock { $0.append(id) } }
    var count: Int { ids.withLock { $0.count } }
    var all: [String] { ids.withLock { $0 } }
}
