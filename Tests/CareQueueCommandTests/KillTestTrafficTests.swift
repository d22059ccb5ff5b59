import CareQueueCore
import HL7
import Testing
@testable import carequeue

@Suite("Kill test traffic")
struct KillTestTrafficTests {
    static let roster = [
        Provider(npi: "1234567893", name: "Dr Ada Chen", role: .physician),
        Provider(npi: "1245319599", name: "Dr Bo Okafor", role: .physician),
        Provider(npi: "1003000126", name: "Cal Reyes", role: .coordinator),
    ]

    static func stream(sender: Int, seed: UInt64 = 11, count: Int = 400) -> [OutgoingMessage] {
        var traffic = KillTestTraffic(senderIndex: sender, seed: seed, roster: roster)
        return (0..<count).map { _ in traffic.next() }
    }

    @Test("a stream mixes several orders per message, updates of earlier orders and a few refusals")
    func variety() {
        let messages = Self.stream(sender: 0)
        #expect(messages.map(\.sequence) == Array(0..<messages.count))
        #expect(messages.contains { $0.orders.count >= 2 })
        #expect(messages.contains { $0.updatesAnOrder })
        let refused = messages.filter { !$0.expectsAcceptance }
        #expect(!refused.isEmpty)
        #expect(refused.count < messages.count / 10)
        #expect(refused.allSatisfy { $0.orders.isEmpty })
    }

    @Test("a message without its MRN is one the listener must refuse for that reason")
    func refusalReason() throws {
        for message in Self.stream(sender: 1) where !message.expectsAcceptance {
            let parsed = try HL7Message(parsing: message.bytes)
            guard case .failure(let refusal) = ResultExtraction.extract(parsed) else {
                Issue.record("\(message.controlID) was not refused")
                continue
            }
            #expect(refusal.reason.contains("medical record number"))
            #expect(parsed.header.controlID == message.controlID)
        }
    }

    @Test("senders never share a control id or an order, and a seed replays the same control ids")
    func identities() {
        let streams = (0..<4).map { Self.stream(sender: $0, count: 200) }
        let ids = streams.flatMap { $0.map(\.controlID) }
        #expect(Set(ids).count == ids.count)
        let orders = streams.map { Set($0.flatMap(\.orders)) }
        #expect(orders.indices.allSatisfy { i in orders.indices.allSatisfy { j in i == j || orders[i].isDisjoint(with: orders[j]) } })
        #expect(Self.stream(sender: 2, count: 50).map(\.controlID) == streams[2].prefix(50).map(\.controlID))
    }

    @Test("PID-3 is emptied and nothing else changes", arguments: [
        ("MSH|^~\\&|A\rPID|1||MRN1^^^H^MR||Doe^Jane\rOBR|1\r", "MSH|^~\\&|A\rPID|1||||Doe^Jane\rOBR|1\r"),
        ("MSH|^~\\&|A\rPID|1||MRN1\r", "MSH|^~\\&|A\rPID|1||\r"),
        ("MSH|^~\\&|A\rPID|1\r", "MSH|^~\\&|A\rPID|1\r"),
    ])
    func withoutMRN(input: String, expected: String) {
        #expect(String(decoding: KillTestTraffic.withoutMRN(Array(input.utf8)), as: UTF8.self) == expected)
    }
}
