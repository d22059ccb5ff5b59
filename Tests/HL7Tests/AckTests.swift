import Foundation
import HL7
import Testing

@Suite("Acknowledgments")
struct AckTests {
    /// 2024-03-14 20:30:00 UTC, written as 15:30 at -0500.
    static let now = Date(timeIntervalSince1970: 1_710_448_200)
    static let builder = HL7AckBuilder(idGenerator: FixedControlIDGenerator(id: "ACK0001"),
                                       timeZone: TimeZone(secondsFromGMT: -5 * 3600)!)
    static let swapped = "CAREQUEUE^9.8.7^ISO|CLINIC|LAB^1.2.3^ISO|NORTH|20240314153000-0500|"

    struct Shape: Sendable {
        var version: String
        var type: String
        var encoding: String
    }

    static let shapes: [Case<Shape, String>] = [
        Case("v2.3 without trigger", Shape(version: "2.3", type: "ORU", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK|ACK0001|P|2.3"),
        Case("v2.3 with trigger", Shape(version: "2.3", type: "ORU^R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01|ACK0001|P|2.3"),
        Case("v2.3.1", Shape(version: "2.3.1", type: "ORU^R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01|ACK0001|P|2.3.1"),
        Case("v2.4", Shape(version: "2.4", type: "ORU^R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01^ACK|ACK0001|P|2.4"),
        Case("v2.5.1", Shape(version: "2.5.1", type: "ORU^R01^ORU_R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01^ACK|ACK0001|P|2.5.1"),
        Case("v2.6", Shape(version: "2.6", type: "ORU^R01^ORU_R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01^ACK|ACK0001|P|2.6"),
        Case("v2.7 with ^~\\&#", Shape(version: "2.7", type: "ORU^R01^ORU_R01", encoding: "^~\\&#"),
             "MSH|^~\\&#|\(swapped)|ACK^R01^ACK|ACK0001|P|2.7"),
        Case("v2.8", Shape(version: "2.8", type: "ORU^R01^ORU_R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01^ACK|ACK0001|P|2.8"),
        Case("unknown version mirrors a 3-part MSH-9", Shape(version: "X", type: "ORU^R01^ORU_R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01^ACK|ACK0001|P|X"),
        Case("unknown version mirrors a 2-part MSH-9", Shape(version: "", type: "ORU^R01", encoding: "^~\\&"),
             "MSH|^~\\&|\(swapped)|ACK^R01|ACK0001|P|"),
    ]

    @Test("AA header per version: delimiters copied, HDs swapped whole, MSH-9 shape, new id", arguments: shapes)
    func acceptShape(_ row: Case<Shape, String>) throws {
        let inbound = try Fixture.parse([Fixture.header(version: row.input.version, type: row.input.type,
                                                        encoding: row.input.encoding)] + Fixture.body)
        let ack = Self.builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now)
        #expect(lines(ack) == [row.expected, "MSA|AA|CTRL1"])
    }

    @Test("ACK fields read back field by field")
    func fieldByField() throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1", type: "ORU^R01^ORU_R01",
                                                        controlID: "-5d4a2583:140c1764186:-255e",
                                                        charset: "UNICODE UTF-8")] + Fixture.body)
        let ack = try HL7Parser.parse(Self.builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now))
        let msh = ack.header
        #expect(msh.segment[1].text == "|")
        #expect(msh.segment[2].text == "^~\\&")
        #expect(msh.sendingApplication == inbound.header.receivingApplication)
        #expect(msh.sendingFacility == inbound.header.receivingFacility)
        #expect(msh.receivingApplication == inbound.header.sendingApplication)
        #expect(msh.receivingApplication.universalID == "1.2.3")
        #expect(msh.receivingFacility == inbound.header.sendingFacility)
        #expect(msh.dateTime == "20240314153000-0500")
        #expect(msh.messageCode == "ACK")
        #expect(msh.triggerEvent == "R01")
        #expect(msh.messageStructure == "ACK")
        #expect(msh.controlID == "ACK0001")
        #expect(msh.processingID == "P")
        #expect(msh.versionID == "2.5.1")
        #expect(msh.acceptAcknowledgmentType.isEmpty)
        #expect(msh.applicationAcknowledgmentType.isEmpty)
        #expect(msh.characterSet == "UNICODE UTF-8")
        let msa = try #require(ack.firstSegment(withID: "MSA"))
        #expect(msa[1].text == "AA")
        #expect(msa[2].raw == "-5d4a2583:140c1764186:-255e")
        #expect(ack.firstSegment(withID: "ERR") == nil)
    }

    static let controlIDs = ["-5d4a2583:140c1764186:-255e", "A\\F\\B", "20240314153000", "x y", "ÄÖ-1"]

    @Test("MSA-2 is the inbound MSH-10 verbatim, not re-escaped", arguments: controlIDs)
    func controlIDEcho(_ controlID: String) throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1", controlID: controlID)])
        let ack = Self.builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now)
        #expect(lines(ack)[1] == "MSA|AA|\(controlID)")
        #expect(try HL7Parser.parse(ack).firstSegment(withID: "MSA")?[2].raw == inbound.header.controlID)
    }

    static let required = HL7AckError(code: .requiredFieldMissing, location: HL7ErrorLocation(segmentID: "PID", sequence: 1, field: 3),
                                      message: "no MRN in PID-3")

    static let errors: [Case<(version: String, outcome: HL7AckOutcome), [String]>] = [
        Case("v2.5.1 AE with location and message", ("2.5.1", .error(required)),
             ["MSA|AE|CTRL1", "ERR||PID^1^3|101^Required field missing^HL70357|E||||no MRN in PID-3"]),
        Case("v2.5.1 AR without location", ("2.5.1", .rejected(HL7AckError(code: .unsupportedMessageType))),
             ["MSA|AR|CTRL1", "ERR|||200^Unsupported message type^HL70357|E|"]),
        Case("v2.5 AR store failure", ("2.5", .rejected(HL7AckError(code: .applicationInternalError, message: "store unavailable"))),
             ["MSA|AR|CTRL1", "ERR|||207^Application internal error^HL70357|E||||store unavailable"]),
        Case("v2.7 AE, segment-only location", ("2.7", .error(HL7AckError(code: .segmentSequenceError, location: HL7ErrorLocation(segmentID: "OBX", sequence: 2)))),
             ["MSA|AE|CTRL1", "ERR||OBX^2|100^Segment sequence error^HL70357|E|"]),
        Case("v2.4 AE uses ERR-1 ELD and MSA-3", ("2.4", .error(required)),
             ["MSA|AE|CTRL1|no MRN in PID-3", "ERR|PID^1^3^101&Required field missing&HL70357"]),
        Case("v2.3 AR without location", ("2.3", .rejected(HL7AckError(code: .unsupportedVersionID))),
             ["MSA|AR|CTRL1", "ERR|^^^203&Unsupported version id&HL70357"]),
    ]

    @Test("ERR per version on AE/AR", arguments: errors)
    func errorSegments(_ row: Case<(version: String, outcome: HL7AckOutcome), [String]>) throws {
        let inbound = try Fixture.parse([Fixture.header(version: row.input.version)] + Fixture.body)
        let ack = lines(Self.builder.acknowledgment(for: inbound, outcome: row.input.outcome, at: Self.now))
        #expect(Array(ack.dropFirst()) == row.expected)
    }

    @Test("Text placed in fields is escaped with the inbound delimiters")
    func textEscaped() throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1")])
        let error = HL7AckError(code: .dataTypeError, location: HL7ErrorLocation(segmentID: "OBX", sequence: 1, field: 5),
                                message: "value a|b^c")
        let ack = lines(Self.builder.acknowledgment(for: inbound, outcome: .error(error), text: "see ~ERR~ & fix\\", at: Self.now))
        #expect(ack[1] == "MSA|AE|CTRL1|see \\R\\ERR\\R\\ \\T\\ fix\\E\\")
        #expect(ack[2] == "ERR||OBX^1^5|102^Data type error^HL70357|E||||value a\\F\\b\\S\\c")
    }

    @Test("A # field separator and custom escape carry into the ACK")
    func customDelimiters() throws {
        let inbound = try Fixture.parse(["MSH#^~!&#LAB#NORTH#CQ#CLINIC#20240101##ORU^R01#C#P#2.5.1"])
        let error = HL7AckError(code: .requiredFieldMissing, location: HL7ErrorLocation(segmentID: "PID", field: 3), message: "a#b")
        let ack = lines(Self.builder.acknowledgment(for: inbound, outcome: .error(error), at: Self.now))
        #expect(ack[0] == "MSH#^~!&#CQ#CLINIC#LAB#NORTH#20240314153000-0500##ACK^R01^ACK#ACK0001#P#2.5.1")
        #expect(ack[1] == "MSA#AE#C")
        #expect(ack[2] == "ERR##PID^1^3#101^Required field missing^HL70357#E####a!F!b")
    }

    struct Enhanced: Sendable {
        var mode: HL7AckPolicy.Mode
        var codes: [HL7AckCode]
        /// Sent for accepted, error, rejected.
        var sends: [Bool]
    }

    static let modes: [Case<(accept: String, application: String), Enhanced>] = [
        Case("original (both empty)", ("", ""), Enhanced(mode: .original, codes: [.applicationAccept, .applicationError, .applicationReject], sends: [true, true, true])),
        Case("AL always", ("AL", "NE"), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [true, true, true])),
        Case("ER only on error", ("ER", ""), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [false, true, true])),
        Case("SU only on success", ("SU", "AL"), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [true, false, false])),
        Case("NE never", ("NE", "AL"), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [false, false, false])),
        Case("empty MSH-15, MSH-16 present: commit ACK always", ("", "AL"), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [true, true, true])),
        Case("unknown MSH-15 value: always", ("XX", ""), Enhanced(mode: .enhanced, codes: [.commitAccept, .commitError, .commitReject], sends: [true, true, true])),
    ]

    @Test("Acknowledgment mode from MSH-15/16", arguments: modes)
    func modesTable(_ row: Case<(accept: String, application: String), Enhanced>) throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1", accept: row.input.accept, application: row.input.application)])
        let policy = inbound.ackPolicy
        let outcomes: [HL7AckOutcome] = [.accepted, .error(Self.required), .rejected(HL7AckError(code: .applicationInternalError))]
        #expect(policy.mode == row.expected.mode)
        #expect(outcomes.map(policy.code(for:)) == row.expected.codes)
        #expect(outcomes.map(policy.shouldSend(for:)) == row.expected.sends)
        let ack = lines(Self.builder.acknowledgment(for: inbound, outcome: outcomes[2], at: Self.now))
        #expect(ack[1] == "MSA|\(row.expected.codes[2].rawValue)|CTRL1")
        let parsed = try HL7Parser.parse(Self.builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now))
        #expect(parsed.header.acceptAcknowledgmentType.isEmpty)
        #expect(parsed.header.applicationAcknowledgmentType.isEmpty)
    }

    @Test("An explicit code: CR + ERR 207 when the store fails in enhanced mode")
    func explicitCode() throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1", accept: "AL")])
        let ack = lines(Self.builder.acknowledgment(for: inbound, code: .commitReject,
                                                    error: HL7AckError(code: .applicationInternalError), at: Self.now))
        #expect(ack[1] == "MSA|CR|CTRL1")
        #expect(ack[2] == "ERR|||207^Application internal error^HL70357|E|")
    }

    @Test("Not HL7 at all: AR, default delimiters, empty MSA-2, ERR 200")
    func notHL7() throws {
        let ack = lines(Self.builder.rejectionOfNonHL7(at: Self.now))
        #expect(ack == [
            "MSH|^~\\&|||||20240314153000-0500||ACK|ACK0001|P|2.5.1",
            "MSA|AR|",
            "ERR|||200^Unsupported message type^HL70357|E||||not an HL7 v2 message",
        ])
        let old = lines(Self.builder.rejectionOfNonHL7(version: "2.3", at: Self.now))
        #expect(old[1] == "MSA|AR||not an HL7 v2 message")
        #expect(old[2] == "ERR|^^^200&Unsupported message type&HL70357")
    }

    @Test("The default id generator: 20 characters, unique, not a timestamp")
    func randomIDs() {
        let generator = RandomControlIDGenerator()
        let ids = (0..<2_000).map { _ in generator.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 20 })
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } })
        #expect(ids.contains { !$0.allSatisfy(\.isNumber) })
    }

    @Test("Two ACKs in the same instant get different MSH-10")
    func distinctIDs() throws {
        let inbound = try Fixture.parse([Fixture.header(version: "2.5.1")])
        let builder = HL7AckBuilder(timeZone: TimeZone(secondsFromGMT: 0)!)
        let first = try HL7Parser.parse(builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now))
        let second = try HL7Parser.parse(builder.acknowledgment(for: inbound, outcome: .accepted, at: Self.now))
        #expect(first.header.controlID != second.header.controlID)
        #expect(first.header.controlID.count <= 20)
    }

    static let timestamps: [Case<(seconds: TimeInterval, offset: Int), String>] = [
        Case("UTC", (1_710_448_200, 0), "20240314203000+0000"),
        Case("-0500", (1_710_448_200, -5 * 3600), "20240314153000-0500"),
        Case("+0530 crosses midnight", (1_710_448_200, 5 * 3600 + 1800), "20240315020000+0530"),
        Case("leap day", (1_709_164_800, 0), "20240229000000+0000"),
        Case("before 1970", (-1, 0), "19691231235959+0000"),
        Case("fractional seconds truncate", (1_710_448_200.999, 0), "20240314203000+0000"),
    ]

    @Test("MSH-7 timestamps with offset", arguments: timestamps)
    func timestampsTable(_ row: Case<(seconds: TimeInterval, offset: Int), String>) {
        let zone = TimeZone(secondsFromGMT: row.input.offset)!
        #expect(HL7Timestamp.format(Date(timeIntervalSince1970: row.input.seconds), in: zone) == row.expected)
    }

    @Test("ERL strings read into locations")
    func locations() {
        #expect(HL7ErrorLocation(erl: "PID^1^3") == HL7ErrorLocation(segmentID: "PID", sequence: 1, field: 3))
        #expect(HL7ErrorLocation(erl: "OBX^2^5^1^2^1") == HL7ErrorLocation(segmentID: "OBX", sequence: 2, field: 5, repetition: 1, component: 2, subcomponent: 1))
        #expect(HL7ErrorLocation(erl: "") == nil)
        #expect(HL7ErrorLocation(erl: "^1^3") == nil)
    }
}
