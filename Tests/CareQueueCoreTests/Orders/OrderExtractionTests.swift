import CareQueueCore
import Foundation
import HL7
import Testing

@Suite("Orders and referrals: what is tracked from ORM, OML and REF, and what is refused")
struct OrderExtractionTests {
    typealias M = OrderMessages
    static let utc = TimeZone(identifier: "UTC")!

    static func extract(_ text: String) -> Result<OrderMessage, Refusal> {
        let message = try! HL7Message(parsing: text)
        let kind = OrderExtraction.kind(code: message.header.messageCode, trigger: message.header.triggerEvent)!
        return OrderExtraction.extract(message, kind: kind, timeZone: utc)
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("ORM^O01 v2.3: each ORC/OBR is an order, new, changed or cancelled; numbers, test, provider, priority, time")
    func orm() throws {
        let message = try Self.extract(M.orm([("NW", "PL-1", "", "2823-3^Potassium^LN", "S"),
                                              ("XO", "PL-2", "F-2", "2951-2^Sodium^LN", ""),
                                              ("CA", "PL-3", "", "", "")])).get()
        #expect(message.kind == .order && message.type == "ORM^O01" && message.version == "2.3")
        #expect(message.patient.mrn == "MRN100001" && message.patient.family == "TESTPATIENT")
        #expect(message.items.map(\.action) == [.create, .change, .cancel])
        let first = message.items[0]
        #expect(first.placerNumber == "PL-1" && first.fillerNumber == nil)
        #expect(first.serviceCode == "2823-3" && first.serviceText == "Potassium")
        #expect(first.orderingProvider?.id == "1000000020" && first.orderingProvider?.isNPI == true)
        #expect(first.isStat)
        #expect(first.orderedAt == Self.date("2026-03-01T08:10:00Z"))
        #expect(message.items[1].fillerNumber == "F-2" && !message.items[1].isStat)
        #expect(message.items[2].serviceCode == "", "a cancel may name no test: every test under the number")
    }

    @Test("OML^O21 v2.5.1: TQ1-9 gives the priority, ORC-9's offset is kept")
    func oml() throws {
        let item = try #require(try Self.extract(M.oml()).get().items.first)
        #expect(item.priority == "S" && item.isStat)
        #expect(item.orderedAt == Self.date("2026-03-01T14:10:00Z"))
        #expect(item.serviceCode == "24320-4")
    }

    @Test("REF^I12/I13/I14: the referral id, reason, referring and referred-to providers")
    func referral() throws {
        let created = try #require(try Self.extract(M.ref()).get().items.first)
        #expect(created.action == .create && created.placerNumber == "RF-5001")
        #expect(created.serviceCode == "CARD" && created.serviceText == "Chest pain evaluation")
        #expect(created.orderingProvider?.id == "1000000020" && created.orderingProvider?.isNPI == true)
        #expect(created.referredTo == "Ng, Lee (NPI 1234567893)")
        #expect(created.orderedAt == Self.date("2026-03-01T00:00:00Z"))
        #expect(try Self.extract(M.ref("I13")).get().items.first?.action == .change)
        #expect(try Self.extract(M.ref("I14")).get().items.first?.action == .cancel)
        #expect(try Self.extract(M.ref()).get().kind == .referral)
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var name: String
        var message: String
        var code: HL7ErrorCode
        var location: String
        var testDescription: String { name }
    }

    static let refused: [Refused] = [
        Refused(name: "no PID", message: M.orm([("NW", "PL-1", "", "2823-3^K^LN", "")], pid: nil),
                code: .segmentSequenceError, location: "PID^1"),
        Refused(name: "no MRN", message: M.orm([("NW", "PL-1", "", "2823-3^K^LN", "")], pid: M.segment("PID", [1: "1", 5: "X^Y"])),
                code: .requiredFieldMissing, location: "PID^1^3"),
        Refused(name: "no ORC", message: [M.msh("ORM^O01", version: "2.3"), M.pid].joined(separator: "\r") + "\r",
                code: .segmentSequenceError, location: "ORC^1"),
        Refused(name: "no placer number", message: M.orm([("NW", "", "F-1", "2823-3^K^LN", "")]),
                code: .requiredFieldMissing, location: "ORC^1^2"),
        Refused(name: "a control that is not tracked", message: M.orm([("SC", "PL-1", "", "2823-3^K^LN", "")]),
                code: .tableValueNotFound, location: "ORC^1^1"),
        Refused(name: "a new order naming no test", message: M.orm([("NW", "PL-1", "", "", "")]),
                code: .requiredFieldMissing, location: "OBR^1^4"),
        Refused(name: "a control character in the placer number", message: M.orm([("NW", "PL\u{1B}1", "", "2823-3^K^LN", "")]),
                code: .dataTypeError, location: "ORC^1^2"),
        Refused(name: "a referral without an id", message: M.ref(id: ""), code: .requiredFieldMissing, location: "RF1^1^11"),
        Refused(name: "a tab in the referral's reason code (found by the fuzzer)",
                message: M.ref().replacingOccurrences(of: "CARD^Chest", with: "CA\tRD^Chest"), code: .dataTypeError, location: "RF1^1^10"),
    ]

    @Test("refused with AE and where", arguments: refused)
    func refusals(_ row: Refused) {
        guard case .failure(let refusal) = Self.extract(row.message) else {
            Issue.record("\(row.name) was accepted")
            return
        }
        #expect(refusal.kind == .error)
        #expect(refusal.code == row.code)
        #expect(refusal.location == row.location)
    }
}
