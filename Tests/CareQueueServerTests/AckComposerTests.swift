import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import HL7
import Testing

@Suite("ACK composition from store outcomes")
struct AckComposerTests {
    struct FixedIDs: HL7ControlIDGenerator {
        func next() -> String { "ACK1" }
    }

    static let composer = AckComposer(builder: HL7AckBuilder(idGenerator: FixedIDs(), timeZone: TimeZone(identifier: "UTC")!))
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func field(_ ack: [UInt8]?, _ segment: String, _ number: Int) throws -> String {
        let message = try HL7Message(parsing: try #require(ack))
        return try #require(message.firstSegment(withID: segment))[number].raw
    }

    @Test("accepted and duplicate messages get AA echoing the control id")
    func accepted() throws {
        let inbound = try HL7Message(parsing: Messages.oru(control: "odd:id-1"))
        for result in [Result<IngestOutcome, StoreFailure>.success(.accepted(messageID: 1)), .success(.duplicate)] {
            let ack = Self.composer.ack(for: inbound, result: result, at: Self.now)
            #expect(try Self.field(ack, "MSA", 1) == "AA")
            #expect(try Self.field(ack, "MSA", 2) == "odd:id-1")
            #expect(try Self.field(ack, "MSH", 10) == "ACK1")
        }
    }

    @Test("a refusal becomes AE/AR with ERR code, location and reason")
    func refused() throws {
        let inbound = try HL7Message(parsing: Messages.oru())
        let refusal = Refusal(kind: .error, code: .requiredFieldMissing, reason: "no MRN", location: "PID^1^3")
        let ack = Self.composer.ack(for: inbound, result: .success(.refused(refusal)), at: Self.now)
        #expect(try Self.field(ack, "MSA", 1) == "AE")
        #expect(try Self.field(ack, "ERR", 2) == "PID^1^3")
        #expect(try Self.field(ack, "ERR", 3).hasPrefix("101^"))
        #expect(try Self.field(ack, "ERR", 4) == "E")
    }

    @Test("a store failure is AR 207, so the sender resends later")
    func storeFailure() throws {
        let inbound = try HL7Message(parsing: Messages.oru())
        let ack = Self.composer.ack(for: inbound, result: .failure(.writerClosed), at: Self.now)
        #expect(try Self.field(ack, "MSA", 1) == "AR")
        #expect(try Self.field(ack, "ERR", 3).hasPrefix("207^"))
    }

    @Test("enhanced mode answers CA/CR as MSH-15 asks", arguments: [
        ("AL", true, "CA"), ("AL", false, "CR"), ("SU", true, "CA"), ("SU", false, nil),
        ("ER", true, nil), ("ER", false, "CR"), ("NE", true, nil), ("NE", false, nil),
    ] as [(String, Bool, String?)])
    func enhanced(_ msh15: String, _ success: Bool, _ expected: String?) throws {
        let inbound = try HL7Message(parsing: Messages.oru(msh15: msh15, msh16: "NE"))
        let result: Result<IngestOutcome, StoreFailure> = success ? .success(.accepted(messageID: 1)) : .failure(.writerClosed)
        let ack = Self.composer.ack(for: inbound, result: result, at: Self.now)
        if let expected {
            #expect(try Self.field(ack, "MSA", 1) == expected)
        } else {
            #expect(ack == nil)
        }
    }

    @Test("bytes that are not HL7 get AR with default delimiters and an empty MSA-2")
    func notHL7() throws {
        let refusal = Refusal(kind: .reject, code: .unsupportedMessageType, reason: "not an HL7 v2 message")
        let ack = Self.composer.ack(for: nil, result: .success(.refused(refusal)), at: Self.now)
        let text = String(decoding: try #require(ack), as: UTF8.self)
        #expect(text.hasPrefix("MSH|^~\\&|"))
        #expect(try Self.field(ack, "MSA", 1) == "AR")
        #expect(try Self.field(ack, "MSA", 2) == "")
    }
}
