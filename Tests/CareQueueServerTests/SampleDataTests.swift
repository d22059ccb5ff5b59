import CareQueueCore
import CareQueueServer
import Foundation
import HL7
import Testing
import TestSupport

/// Every file in SampleData through the parser and the listener's intake, without a socket.
@Suite("SampleData through the parser and intake")
struct SampleDataTests {
    static func messages(_ files: [URL]) throws -> [(file: String, bytes: [UInt8])] {
        try files.flatMap { url -> [(String, [UInt8])] in
            let bytes = [UInt8](try Data(contentsOf: url))
            let split = HL7FileSplitter.split(bytes)
            return (split.isEmpty ? [bytes] : split).map { (url.lastPathComponent, $0) }
        }
    }

    @Test("every well-formed message parses, re-encodes byte for byte, and each result groups as ORU^R01")
    func roundTrip() throws {
        let messages = try Self.messages(try TestPaths.sampleMessages())
        try #require(messages.count >= 20)
        for (file, bytes) in messages {
            let message = try HL7Message(parsing: bytes)
            #expect(message.encoded() == bytes, "\(file) does not round-trip")
            if message.header.messageCode == "ORU" { _ = try message.oruStructure() }
        }
    }

    @Test("intake gives each message the ACK code EXPECTED.tsv names")
    func intakeCodes() throws {
        let expected = Dictionary(try ExpectedRow.load().map { ($0.controlID, $0.ack) }, uniquingKeysWith: { first, _ in first })
        let intake = FrameIntake(processingIDs: ["P"])
        let all = try Self.messages(try TestPaths.sampleMessages() + TestPaths.badMessages())
        for (file, bytes) in all {
            let decision = intake.classify(bytes, peer: "test", receivedAt: Date())
            let controlID = decision.item.controlID ?? "-"
            guard let want = expected[controlID] else {
                Issue.record("\(file): control id \(controlID) is not in EXPECTED.tsv")
                continue
            }
            let got: String
            switch decision.item.content {
            case .result, .order, .consultNote: got = decision.inbound?.header.acceptAcknowledgmentType.isEmpty == false ? "CA" : "AA"
            case .refused(let refusal): got = refusal.kind.rawValue
            }
            #expect(got == want, "\(file) \(controlID)")
        }
    }
}
