import Foundation
import Testing
import CareQueueCore
@testable import CareQueueSimulator

@Suite("Simulator: message shape")
struct MessageShapeTests {
    static let messages = SimulationFixtures.corpus

    @Test("every message is HL7 v2.5.1 text: MSH first, \\r after every segment, valid UTF-8")
    func framing() {
        for message in Self.messages {
            #expect(message.bytes.starts(with: Array("MSH|^~\\&|".utf8)))
            #expect(message.bytes.last == 0x0D)
            #expect(!message.bytes.contains(0x0A))
            #expect(String(bytes: message.bytes, encoding: .utf8) != nil)
            #expect(!message.bytes.contains { $0 == 0x0B || $0 == 0x1C }, "no MLLP framing bytes")
        }
    }

    @Test("segments come in ORU^R01 order: MSH PID [PV1] { [ORC] OBR {NTE} [TQ1] { OBX {NTE} } }")
    func segmentOrder() {
        for message in Self.messages {
            let ids = RawSegment.segments(of: message).map(\.id)
            #expect(Self.grammarError(ids) == nil, "\(message.controlID): \(ids)")
            #expect(ids.filter { $0 == "OBR" }.count == message.orders.count)
        }
    }

    /// Walks the ORU^R01 structure the simulator promises; nil when `ids` follows it.
    static func grammarError(_ ids: [String]) -> String? {
        var rest = ids[...]
        func take(_ id: String) -> Bool {
            guard rest.first == id else { return false }
            rest.removeFirst()
            return true
        }
        guard take("MSH"), take("PID") else { return "expected MSH then PID" }
        _ = take("PV1")
        var groups = 0
        while !rest.isEmpty {
            _ = take("ORC")
            guard take("OBR") else { return "expected OBR at \(rest.first ?? "end")" }
            groups += 1
            while take("NTE") {}
            _ = take("TQ1")
            var observations = 0
            while take("OBX") {
                observations += 1
                while take("NTE") {}
            }
            guard observations > 0 else { return "an OBR without OBX" }
        }
        return groups > 0 ? nil : "no ORDER_OBSERVATION group"
    }

    @Test("fields sit where HL7 puts them: segment field counts and MSH values")
    func fieldCounts() {
        let expectedLast: [String: ClosedRange<Int>] = [
            "MSH": 12...18, "PID": 13...13, "PV1": 2...2, "ORC": 9...12, "OBR": 25...27, "TQ1": 9...9,
            "OBX": 14...14, "NTE": 3...3,
        ]
        for message in Self.messages {
            for segment in RawSegment.segments(of: message) {
                let allowed = expectedLast[segment.id]
                #expect(allowed?.contains(segment.lastField) == true,
                        "\(message.controlID) \(segment.id) has \(segment.lastField) fields")
            }
            let msh = RawSegment.segments(of: message)[0]
            #expect(msh.field(9) == "ORU^R01^ORU_R01")
            #expect(msh.field(11) == "P")
            #expect(msh.field(12) == "2.5.1")
            #expect(msh.field(10) == message.controlID)
            #expect(msh.field(15).isEmpty && msh.field(16).isEmpty, "original acknowledgment mode")
        }
    }

    @Test("MSH-10 is unique over 5,000 messages")
    func uniqueControlIDs() {
        let ids = Self.messages.map(\.controlID)
        #expect(ids.count == 5_000)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count <= 20 }, "MSH-10 is at most 20 characters in v2.5.1")
    }

    @Test("MSH-18 declares UNICODE UTF-8 whenever a message holds non-ASCII text")
    func characterSet() {
        var nonASCII = 0
        for message in Self.messages where message.bytes.contains(where: { $0 >= 0x80 }) {
            nonASCII += 1
            #expect(RawSegment.segments(of: message)[0].field(18) == "UNICODE UTF-8")
        }
        #expect(nonASCII > 0)
    }

    @Test("senders use full HD components in MSH-3 and MSH-4")
    func senders() {
        let senders = Set(Self.messages.map { "\($0.sender.application)|\($0.sender.facility)" })
        #expect(senders.count == SendingFacility.standard.count)
        for message in Self.messages {
            #expect(message.sender.application.split(separator: "^").count == 3)
            #expect(message.sender.facility.hasSuffix("^ISO"))
        }
    }

    @Test("the bytes say what the summary says: patient, orders, providers, observations, notes")
    func bytesMatchSummary() {
        for message in Self.messages {
            let reading = RawORU.read(message)
            #expect(reading.sender == message.sender)
            #expect(reading.controlID == message.controlID)
            #expect(reading.patient == message.patient)
            #expect(reading.orders == message.orders.map(\.result), "\(message.controlID)")
        }
    }

    @Test("the summary as a ResultMessage holds one patient and every order")
    func content() {
        let message = Self.messages[0]
        let content = message.content
        #expect(content.controlID == message.controlID)
        #expect(content.version == "2.5.1")
        #expect(content.patientResults == [PatientResult(patient: message.patient, orders: message.orders.map(\.result))])
    }
}
