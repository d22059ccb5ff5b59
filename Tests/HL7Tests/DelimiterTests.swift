import HL7
import Testing

@Suite("Delimiters from MSH-1 and MSH-2")
struct DelimiterTests {
    struct Expectation: Sendable {
        var field: Character
        var encoding: String
        var truncation: Character?
        /// PID-5 family and given, read through the declared separators.
        var family: String
        var given: String
    }

    static let cases: [Case<[String], Expectation>] = [
        Case("standard |^~\\&", [
            "MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1",
            "PID|1||M1^^^H^MR||Doe^Jane",
        ], Expectation(field: "|", encoding: "^~\\&", truncation: nil, family: "Doe", given: "Jane")),
        Case("field separator #", [
            "MSH#^~\\&#LAB#NORTH#CQ#CLINIC#20240101##ORU^R01#1#P#2.5.1",
            "PID#1##M1^^^H^MR##Doe^Jane",
        ], Expectation(field: "#", encoding: "^~\\&", truncation: nil, family: "Doe", given: "Jane")),
        Case("field separator *", [
            "MSH*^~\\&*LAB*NORTH*CQ*CLINIC*20240101**ORU^R01*1*P*2.5.1",
            "PID*1**M1^^^H^MR**Doe^Jane",
        ], Expectation(field: "*", encoding: "^~\\&", truncation: nil, family: "Doe", given: "Jane")),
        Case("custom components $ and escape !", [
            "MSH|$~!&|LAB|NORTH|CQ|CLINIC|20240101||ORU$R01|1|P|2.5.1",
            "PID|1||M1$$$H$MR||Doe$Jane",
        ], Expectation(field: "|", encoding: "$~!&", truncation: nil, family: "Doe", given: "Jane")),
        Case("five encoding characters (v2.7 truncation #)", [
            "MSH|^~\\&#|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01^ORU_R01|1|P|2.7",
            "PID|1||M1^^^H^MR||Doe^Jane",
        ], Expectation(field: "|", encoding: "^~\\&#", truncation: "#", family: "Doe", given: "Jane")),
    ]

    @Test("MSH-1 and MSH-2 drive every split", arguments: cases)
    func declaredDelimiters(_ row: Case<[String], Expectation>) throws {
        let message = try Fixture.parse(row.input)
        let expected = row.expected
        #expect(message.delimiters.field == expected.field.asciiValue)
        #expect(message.delimiters.encodingCharacters == Array(expected.encoding.utf8))
        #expect(message.delimiters.truncation == expected.truncation?.asciiValue)
        #expect(message.header.segment[1].text == String(expected.field))
        #expect(message.header.segment[2].text == expected.encoding)
        #expect(message.header.messageCode == "ORU")
        #expect(message.header.triggerEvent == "R01")
        #expect(message.header.sendingApplication.encoded == "LAB")
        #expect(message.header.controlID == "1")
        let pid = try #require(message.firstSegment(withID: "PID"))
        #expect(PIDSegment(pid).family == expected.family)
        #expect(PIDSegment(pid).given == expected.given)
        #expect(PIDSegment(pid).mrn == "M1")
    }

    @Test("MSH numbering: MSH-1 is the separator, MSH-2 the encoding characters, MSH-3 the first real field")
    func headerNumbering() throws {
        let message = try Fixture.parse(Fixture.oru251)
        let msh = message.header.segment
        #expect(msh[0].text == "MSH")
        #expect(msh[1].text == "|")
        #expect(msh[2].text == "^~\\&")
        #expect(msh[2].components.count == 1, "MSH-2 is not split on its own characters")
        #expect(msh[3].component(1).text == "LAB")
        #expect(msh[9].raw == "ORU^R01^ORU_R01")
        #expect(msh.fieldCount == 12)
        let pid = message.segments[1]
        #expect(pid[0].text == "PID")
        #expect(pid[1].text == "1")
        #expect(pid.fieldCount == 13)
    }
}
