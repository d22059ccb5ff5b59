import HL7
import Testing

@Suite("Versions 2.3 to 2.8")
struct VersionTests {
    struct Header: Sendable {
        var trigger: String
        var structure: String
    }

    static let headers: [Case<(version: String, type: String, encoding: String), Header>] = [
        Case("2.3, MSH-9 just ORU", ("2.3", "ORU", "^~\\&"), Header(trigger: "", structure: "")),
        Case("2.3.1", ("2.3.1", "ORU^R01", "^~\\&"), Header(trigger: "R01", structure: "")),
        Case("2.4", ("2.4", "ORU^R01", "^~\\&"), Header(trigger: "R01", structure: "")),
        Case("2.5", ("2.5", "ORU^R01^ORU_R01", "^~\\&"), Header(trigger: "R01", structure: "ORU_R01")),
        Case("2.5.1", ("2.5.1", "ORU^R01^ORU_R01", "^~\\&"), Header(trigger: "R01", structure: "ORU_R01")),
        Case("2.6", ("2.6", "ORU^R01^ORU_R01", "^~\\&"), Header(trigger: "R01", structure: "ORU_R01")),
        Case("2.7 with truncation character", ("2.7", "ORU^R01^ORU_R01", "^~\\&#"), Header(trigger: "R01", structure: "ORU_R01")),
        Case("2.8", ("2.8", "ORU^R01^ORU_R01", "^~\\&#"), Header(trigger: "R01", structure: "ORU_R01")),
    ]

    @Test("Each version parses, groups and reads the same way", arguments: headers)
    func versions(_ row: Case<(version: String, type: String, encoding: String), Header>) throws {
        let message = try Fixture.parse([Fixture.header(version: row.input.version, type: row.input.type,
                                                        encoding: row.input.encoding)] + Fixture.body)
        #expect(message.header.versionID == row.input.version)
        #expect(message.header.messageCode == "ORU")
        #expect(message.header.triggerEvent == row.expected.trigger)
        #expect(message.header.messageStructure == row.expected.structure)
        let structure = try message.oruStructure()
        #expect(structure.patientResults.first?.patient?.mrn == "MRN1")
        let observation = try #require(structure.patientResults.first?.orders.first?.observations.first?.observation)
        #expect(observation.displayValue == "4.1")
        #expect(observation.abnormalFlags == ["N"])
        #expect(message.encoded() == Fixture.bytes([Fixture.header(version: row.input.version, type: row.input.type,
                                                                   encoding: row.input.encoding)] + Fixture.body))
    }

    static let comparisons: [Case<(String, String), Bool>] = [
        Case("2.3.1 < 2.4", ("2.3.1", "2.4"), true),
        Case("2.4 < 2.5", ("2.4", "2.5"), true),
        Case("2.5 == 2.5.0 is not less", ("2.5.0", "2.5"), false),
        Case("2.5.1 > 2.5", ("2.5", "2.5.1"), true),
        Case("2.10 > 2.9", ("2.9", "2.10"), true),
    ]

    @Test("Versions compare numerically", arguments: comparisons)
    func compare(_ row: Case<(String, String), Bool>) throws {
        let lhs = try #require(HL7Version(row.input.0))
        let rhs = try #require(HL7Version(row.input.1))
        #expect((lhs < rhs) == row.expected)
    }

    @Test("Non-numeric versions are not versions")
    func invalidVersions() {
        #expect(HL7Version("") == nil)
        #expect(HL7Version("2.x") == nil)
        #expect(HL7Version("v2") == nil)
        #expect(HL7Version("2.5") == HL7Version("2.5.0"))
    }
}
