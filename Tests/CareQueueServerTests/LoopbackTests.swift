import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import HL7
import Logging
import MLLP
import NIOCore
import NIOSSL
import Testing
import TestSupport

/// A listener on 127.0.0.1 port 0 over a real store in a temporary directory.
final class LiveListener: Sendable {
    let database: CareQueueDatabase
    let writer: StoreWriter
    let listener: MLLPListener
    let port: Int
    let directory: URL

    init(logger: Logger? = nil, tls: NIOSSLContext? = nil,
         settings: (inout CareQueueConfig.Listener) -> Void = { _ in }) async throws {
        directory = try TestPaths.temporaryDirectory("listener")
        var config = CareQueueConfig()
        config.listener.port = 0
        settings(&config.listener)
        database = try CareQueueDatabase(path: directory.appendingPathComponent("cq.sqlite").path)
        try database.importRoster([Provider(npi: Messages.npi, name: "Dr Ada Chen", role: .physician)])
        writer = StoreWriter(database: database, config: config)
        var quiet = Logger(label: "test.listener")
        quiet.logLevel = .warning
        listener = MLLPListener(settings: config.listener, sink: writer, logger: logger ?? quiet, tls: tls)
        port = try await listener.start().port
    }

    func stop() async {
        await listener.shutdown()
        writer.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The store once every message acknowledged so far has become its tasks (they follow the ACK).
    func derived() -> CareQueueDatabase {
        writer.drain()
        return database
    }

    func ackCode(_ reply: [UInt8]?) throws -> String {
        let ack = try HL7Message(parsing: try #require(reply))
        return try #require(ack.firstSegment(withID: "MSA"))[1].text
    }
}

@Suite("Listener over loopback with a real store", .serialized)
struct LoopbackTests {
    @Test("valid, duplicate, refused: the right ACKs, and the store agrees")
    func mixedTraffic() async throws {
        let live = try await LiveListener()
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        let cases: [(String, String)] = [
            (Messages.oru(control: "A1", flag: "HH"), "AA"),
            (Messages.oru(control: "A1", flag: "HH"), "AA"),  // resend after a lost ACK
            (Messages.oru(control: "A2", pid3: ""), "AE"),
            (Messages.oru(control: "A3", type: "ADT^A01"), "AR"),
            ("not hl7 at all", "AR"),
        ]
        for (text, expected) in cases {
            let reply = try await client.send(Messages.bytes(text), timeout: .seconds(10))
            #expect(try live.ackCode(reply) == expected)
        }
        await client.close()
        let tasks = try live.derived().tasks()
        #expect(tasks.count == 1)
        #expect(tasks.first?.urgency == .critical)
        #expect(tasks.first?.assignedNPI == Messages.npi)
        let review = try live.database.reviewList()
        #expect(Set(review.map(\.ackCode)) == ["AE", "AR"])
        #expect(review.count == 3)
        await live.stop()
    }

    @Test("8 senders × 1,000 messages: every message ACKed once and stored once")
    func concurrentSenders() async throws {
        let live = try await LiveListener()
        let senders = 8, perSender = 1_000
        let acked = try await withThrowingTaskGroup(of: [String].self) { group in
            for sender in 0..<senders {
                group.addTask {
                    let client = MLLPClient(host: "127.0.0.1", port: live.port)
                    var answered: [String] = []
                    for index in 0..<perSender {
                        let control = "S\(sender)-\(index)"
                        let reply = try await client.send(Messages.bytes(Messages.oru(control: control)), timeout: .seconds(30))
                        let ack = try HL7Message(parsing: try #require(reply))
                        let msa = try #require(ack.firstSegment(withID: "MSA"))
                        #expect(msa[1].text == "AA")
                        answered.append(msa[2].raw)
                    }
                    await client.close()
                    return answered
                }
            }
            var all: [String] = []
            for try await answered in group { all += answered }
            return all
        }
        #expect(acked.count == senders * perSender)
        #expect(Set(acked).count == senders * perSender)
        let tasks = try live.derived().tasks(status: .all)
        #expect(tasks.count == senders * perSender)
        #expect(Set(tasks.map(\.controlID)) == Set(acked))
        #expect(live.writer.statistics.largestGroup > 1)
        await live.stop()
    }

    @Test("a bad frame never takes the connection down")
    func badFrameKeepsConnection() async throws {
        let live = try await LiveListener()
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        #expect(try live.ackCode(try await client.send([0x00, 0xFF, 0x0D], timeout: .seconds(10))) == "AR")
        #expect(try live.ackCode(try await client.send(Messages.bytes(Messages.oru(control: "after")), timeout: .seconds(10))) == "AA")
        await client.close()
        await live.stop()
    }

    @Test("an oversized frame gets AR and the connection carries on")
    func oversizedFrame() async throws {
        let live = try await LiveListener { $0.maxFrameBytes = 4096 }
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        var big = Messages.oru(control: "BIG")
        big += "NTE|1||" + String(repeating: "x", count: 10_000) + "\r"
        let reply = try await client.send(Messages.bytes(big), timeout: .seconds(10))
        let ack = try HL7Message(parsing: try #require(reply))
        #expect(ack.firstSegment(withID: "MSA")?[1].text == "AR")
        #expect(ack.firstSegment(withID: "MSA")?[2].raw == "BIG")
        #expect(try live.ackCode(try await client.send(Messages.bytes(Messages.oru(control: "small")), timeout: .seconds(10))) == "AA")
        await client.close()
        #expect(try live.database.reviewList().first?.reason.contains("too large") == true)
        await live.stop()
    }

    @Test("shutdown drains: messages already received are committed and ACKed")
    func drainOnShutdown() async throws {
        let live = try await LiveListener()
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        async let reply = client.send(Messages.bytes(Messages.oru(control: "last")), timeout: .seconds(10))
        // Wait until the listener has the frame, then shut down while it may still be committing.
        while live.listener.stats.today(at: Date()).count == 0 { await Task.yield() }
        await live.listener.shutdown()
        #expect(try live.ackCode(try await reply) == "AA")
        live.writer.close()
        #expect(try live.derived().tasks().count == 1)
        await client.close()
        try? FileManager.default.removeItem(at: live.directory)
    }
}
