import CareQueueStore
import Foundation
import HL7
import MLLP
import StoreFixtures
import Testing
import TestSupport

/// `[listener] max_buffered_bytes` with the real binary: eight legal messages of 15.9 MB sent at
/// once under a 32 MiB budget all end AA, and the listener's resident high-water mark grows by
/// about one message's processing, not by eight.
@Suite("listen: eight large messages at once under a 32 MiB buffer budget", .serialized)
struct ListenerMemoryCapTests {
    static let budget = 32 * 1024 * 1024
    static let messageBytes = 15_900_000

    static func message(_ control: String, bytes: Int) -> [UInt8] {
        var text = "MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301120000||ORU^R01^ORU_R01|\(control)|P|2.5.1\r"
            + "PID|1||MRN-BIG^^^HOSP^MR||Doe^Jane||19700101|F\r"
            + "OBR|1|P-\(control)|F-\(control)|18748-4^Diagnostic imaging study^LN|||20260301110000||||||||"
            + "|1234567893^Chen^Ada^^^^^^^^^^NPI||||||||F\r"
            + "OBX|1|TX|18748-4^Report^LN||See note||||||F\r"
        text += "NTE|1||" + String(repeating: "x", count: bytes - text.utf8.count - 8) + "\r"
        return Array(text.utf8)
    }

    static func highWaterKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test("all eight AA; VmHWM grows by far less than eight messages' worth", arguments: StoreKind.available)
    func eightLargeMessages(kind: StoreKind) async throws {
        let workspace = try LifecycleWorkspace(label: "memory-cap", kind: kind)
        let config = workspace.directory.appendingPathComponent("config.toml")
        try "[listener]\nmax_buffered_bytes = \(Self.budget)\n".write(to: config, atomically: true, encoding: .utf8)
        let listener = try workspace.listenerProcess(["--config", config.path])
        defer { listener.stop() }

        let warmUp = MLLPClient(host: "127.0.0.1", port: listener.port)
        _ = try await warmUp.send(Self.message("WARM", bytes: 4_000), timeout: .seconds(30))
        await warmUp.close()
        let idle = try Self.highWaterKiB(listener.process.processIdentifier)

        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let client = MLLPClient(host: "127.0.0.1", port: listener.port)
                    let reply = try await client.send(Self.message("BIG\(index)", bytes: Self.messageBytes), timeout: .seconds(300))
                    await client.close()
                    let ack = try HL7Message(parsing: try #require(reply))
                    return try #require(ack.firstSegment(withID: "MSA"))[1].text
                }
            }
            var codes: [String] = []
            for try await code in group { codes.append(code) }
            return codes
        }
        #expect(codes == Array(repeating: "AA", count: 8))
        // The ACK promises the message is stored; its task (and the memory deriving it takes) comes
        // after: the high-water mark is read once all nine tasks exist.
        let database = try workspace.openStore(access: .readOnly)
        let deadline = ContinuousClock.now + .seconds(120)
        while try database.task(id: 9) == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try database.task(id: 9) != nil, "all eight large messages became tasks")

        let grownMiB = (try Self.highWaterKiB(listener.process.processIdentifier) - idle) / 1024
        // Without the budget the eight are read and parsed at once: about 400 MB here. With it they
        // take turns, and the peak is one message being parsed and stored (about six times its
        // size: see BudgetedFrameReader.processingCopies) on top of the next one being read.
        let oneMessageProcessed = 6 * Self.messageBytes / 1_048_576
        #expect(grownMiB <= Self.budget / 1_048_576 + oneMessageProcessed,
                "VmHWM grew by \(grownMiB) MiB under a \(Self.budget / 1_048_576) MiB budget")
        print("memory cap: VmHWM idle \(idle / 1024) MiB, grew by \(grownMiB) MiB for 8 × 15.9 MB")
    }
}
