import Testing
import CareQueueCore
@testable import CareQueueSimulator

@Suite("Simulator: preliminary then final")
struct FollowUpTests {
    static let messages = SimulationFixtures.corpus

    struct Sent {
        var index: Int
        var message: SimulatedMessage
        var order: SimulatedOrder
    }

    static let sent: [Sent] = messages.enumerated().flatMap { index, message in
        message.orders.map { Sent(index: index, message: message, order: $0) }
    }

    @Test("a final report reuses the preliminary order's sender, filler, placer, test, patient and provider")
    func finalsMatchPreliminaries() throws {
        let finals = Self.sent.filter(\.order.isFollowUp)
        #expect(!finals.isEmpty)
        for final in finals {
            let preliminary = try #require(Self.sent.first {
                $0.message.sender == final.message.sender && $0.order.result.fillerNumber == final.order.result.fillerNumber
                    && !$0.order.isFollowUp
            })
            #expect(preliminary.index < final.index)
            #expect(preliminary.order.result.resultStatus == "P")
            #expect(final.order.result.resultStatus == "F")
            #expect(preliminary.order.result.observations.allSatisfy { $0.status == "P" })
            #expect(final.order.result.observations.allSatisfy { $0.status == "F" })
            #expect(preliminary.order.result.placerNumber == final.order.result.placerNumber)
            #expect(preliminary.order.result.serviceCode == final.order.result.serviceCode)
            #expect(preliminary.order.result.orderingProvider == final.order.result.orderingProvider)
            #expect(preliminary.order.rosterNPI == final.order.rosterNPI)
            #expect(preliminary.message.patient == final.message.patient)
            #expect(preliminary.order.urgency <= final.order.urgency, "urgency may rise, never fall")
            #expect(final.message.orders.count == 1)
        }
    }

    @Test("every preliminary report gets its final, except the few still pending at the end")
    func everyPreliminaryIsFinalised() {
        let finalFillers = Set(Self.sent.filter(\.order.isFollowUp).compactMap(\.order.result.fillerNumber))
        let open = Self.sent.filter { $0.order.result.resultStatus == "P" && !finalFillers.contains($0.order.result.fillerNumber ?? "") }
        #expect(open.count <= 16)
        #expect(open.allSatisfy { $0.index >= Self.messages.count - 200 })
    }

    @Test("about 5 % of messages are final reports of earlier orders")
    func share() {
        let followUps = Self.messages.filter { $0.orders.contains(where: \.isFollowUp) }.count
        let share = Double(followUps) / Double(Self.messages.count)
        #expect((0.02...0.09).contains(share), "share \(share)")
    }

    @Test("filler numbers are not reused by anything but a final report")
    func fillersUnique() {
        let newFillers = Self.sent.filter { !$0.order.isFollowUp }.compactMap(\.order.result.fillerNumber)
        #expect(Set(newFillers).count == newFillers.count)
    }

    @Test("some blood cultures turn positive: the final is more urgent than the preliminary")
    func urgencyRises() {
        let risen = Self.sent.filter { final in
            final.order.isFollowUp && Self.sent.contains {
                !$0.order.isFollowUp && $0.order.result.fillerNumber == final.order.result.fillerNumber
                    && $0.order.urgency < final.order.urgency
            }
        }
        #expect(!risen.isEmpty)
        #expect(risen.allSatisfy { $0.order.result.serviceCode == "600-7" })
    }
}
