import HL7
import Testing

@Suite("Typed accessors")
struct AccessorTests {
    @Test("MSH accessors: whole HDs and their parts, type, ids, ack types, charset")
    func header() throws {
        let message = try Fixture.parse([
            Fixture.header(version: "2.5.1", type: "ORU^R01^ORU_R01", controlID: "-5d4a2583:140c1764186:-255e",
                           accept: "AL", application: "NE", charset: "UNICODE UTF-8"),
        ])
        let msh = message.header
        #expect(msh.sendingApplication.encoded == "LAB^1.2.3^ISO")
        #expect(msh.sendingApplication.namespaceID == "LAB")
        #expect(msh.sendingApplication.universalID == "1.2.3")
        #expect(msh.sendingApplication.universalIDType == "ISO")
        #expect(msh.sendingFacility.encoded == "NORTH")
        #expect(msh.receivingApplication.encoded == "CAREQUEUE^9.8.7^ISO")
        #expect(msh.receivingApplication.universalID == "9.8.7")
        #expect(msh.receivingFacility.namespaceID == "CLINIC")
        #expect(msh.dateTime == "20240314153000")
        #expect(msh.messageCode == "ORU")
        #expect(msh.triggerEvent == "R01")
        #expect(msh.messageStructure == "ORU_R01")
        #expect(msh.controlID == "-5d4a2583:140c1764186:-255e")
        #expect(msh.processingID == "P")
        #expect(msh.versionID == "2.5.1")
        #expect(msh.version == HL7Version("2.5.1"))
        #expect(msh.acceptAcknowledgmentType == "AL")
        #expect(msh.applicationAcknowledgmentType == "NE")
        #expect(msh.characterSet == "UNICODE UTF-8")
    }

    @Test("MSH-10 is kept as sent, escapes and all")
    func controlIDVerbatim() throws {
        let message = try Fixture.parse([Fixture.header(version: "2.5", controlID: "A\\F\\B")])
        #expect(message.header.controlID == "A\\F\\B")
        #expect(message.header.segment[10].text == "A|B")
    }

    static let mrnCases: [Case<String, String?>] = [
        Case("MR repetition wins over an earlier one", "999^^^HOSP^PI~MRN12345^^^HOSP^MR", "MRN12345"),
        Case("MR wins over an SS first", "555-44-4444^^^SSA^SS~MRN1^^^H^MR", "MRN1"),
        Case("lower-case mr", "X1^^^H^mr", "X1"),
        Case("no MR: first with empty CX.5", "999^^^HOSP^PI~A77^^^HOSP~B88", "A77"),
        Case("never SS", "555-44-4444^^^^SS", nil),
        Case("never SSN", "555444444^^^^SSN~^^^^MR", nil),
        Case("never an SSA-issued id", "555444444^^^SSA", nil),
        Case("plain id (v2.3 style)", "12345", "12345"),
        Case("empty PID-3", "", nil),
    ]

    @Test("MRN choice from PID-3", arguments: mrnCases)
    func mrn(_ row: Case<String, String?>) throws {
        let message = try Fixture.parse([Fixture.header(version: "2.5.1"), "PID|1||\(row.input)||Doe^Jane"])
        #expect(PIDSegment(message.segments[1]).mrn == row.expected)
    }

    @Test("PID name, DOB, sex and phone")
    func patient() throws {
        let pid = PIDSegment(try Fixture.parse(Fixture.oru251).segments[1])
        #expect(pid.family == "Doe")
        #expect(pid.given == "Jane")
        #expect(pid.dateOfBirth == "19800215")
        #expect(pid.dateOfBirthISO == "1980-02-15")
        #expect(pid.sex == "F")
        #expect(pid.phone == "(555)555-0142")
        #expect(pid.identifiers.map(\.identifierTypeCode) == ["SS", "MR"])
        #expect(pid.identifiers[1].assigningAuthority.namespaceID == "HOSP")
    }

    static let names: [Case<String, (String, String)>] = [
        Case("family with surname prefix sub-component", "van&der Berg^Ann", ("van", "Ann")),
        Case("escaped ampersand", "Smith \\T\\ Sons^Bo", ("Smith & Sons", "Bo")),
        Case("second repetition ignored", "Doe^Jane~Alias^Other", ("Doe", "Jane")),
        Case("UTF-8 name", "Müller^José", ("Müller", "José")),
    ]

    @Test("PID-5 family and given", arguments: names)
    func namesTable(_ row: Case<String, (String, String)>) throws {
        let pid = PIDSegment(try Fixture.parse([Fixture.header(version: "2.5.1"), "PID|1||M1||\(row.input)"]).segments[1])
        #expect(pid.family == row.expected.0)
        #expect(pid.given == row.expected.1)
    }

    static let dates: [Case<String, String?>] = [
        Case("date", "19800215", "1980-02-15"),
        Case("date and time with offset", "198002151230-0500", "1980-02-15"),
        Case("leap day", "20000229", "2000-02-29"),
        Case("not a leap year", "19000229", nil),
        Case("month 13", "19801315", nil),
        Case("day 0", "19800200", nil),
        Case("year and month only", "198002", nil),
        Case("not digits", "1980-02-15", nil),
        Case("empty", "", nil),
    ]

    @Test("PID-7 as YYYY-MM-DD when it parses", arguments: dates)
    func dateOfBirth(_ row: Case<String, String?>) throws {
        let pid = PIDSegment(try Fixture.parse([Fixture.header(version: "2.5.1"), "PID|1||M1||Doe^Jane||\(row.input)"]).segments[1])
        #expect(pid.dateOfBirth == row.input)
        #expect(pid.dateOfBirthISO == row.expected)
    }

    static let phones: [Case<String, String?>] = [
        Case("XTN.1 as sent", "(206)555-1234^PRN^PH~(206)555-9999", "(206)555-1234"),
        Case("built from area and local", "^PRN^PH^^^206^5551234", "(206)555-1234"),
        Case("local number only", "^PRN^PH^^^^5551234", "555-1234"),
        Case("with extension", "^WPN^PH^^^206^5551234^77", "(206)555-1234X77"),
        Case("unformatted number XTN.12", "^PRN^PH" + String(repeating: "^", count: 9) + "+12065551234", "+12065551234"),
        Case("empty", "", nil),
    ]

    @Test("PID-13 first repetition", arguments: phones)
    func phone(_ row: Case<String, String?>) throws {
        let pid = PIDSegment(try Fixture.parse([Fixture.header(version: "2.5.1"), Fixture.segment("PID", [3: "M1", 5: "Doe^Jane", 13: row.input])]).segments[1])
        #expect(pid.phone == row.expected)
    }

    @Test("ORC and OBR accessors")
    func orders() throws {
        let message = try Fixture.parse([
            Fixture.header(version: "2.4"),
            "PID|1||M1^^^H^MR",
            Fixture.segment("ORC", [1: "RE", 2: "PLC^EPIC", 3: "FIL^LAB", 7: "^^^^^A", 12: "111^Orc^Provider"]),
            Fixture.segment("OBR", [1: "1", 2: "PLC^EPIC", 3: "FIL^LAB", 4: "2823-3^Potassium^LN^K^Pot^L", 6: "20240101",
                                    7: "20240101120000", 22: "20240101130000", 25: "C",
                                    26: "PARENT-CODE&Parent text&LN^2", 27: "^^^^^S", 29: "PLC0&EPIC^FIL0&LAB"]),
        ])
        let orc = ORCSegment(message.segments[2])
        #expect(orc.orderControl == "RE")
        #expect(orc.placerOrderNumber == "PLC")
        #expect(orc.fillerOrderNumber == "FIL")
        #expect(orc.priority == "A")
        #expect(orc.orderingProvider?.id == "111")
        #expect(orc.orderingProvider?.family == "Orc")
        let obr = OBRSegment(message.segments[3])
        #expect(obr.setID == 1)
        #expect(obr.placerOrderNumber == "PLC")
        #expect(obr.fillerOrderNumber == "FIL")
        let service = obr.service
        #expect([service.identifier, service.text, service.codingSystem] == ["2823-3", "Potassium", "LN"])
        #expect([service.alternateIdentifier, service.alternateText, service.alternateCodingSystem] == ["K", "Pot", "L"])
        #expect(service.displayText == "Potassium")
        #expect(obr.observationDateTime == "20240101120000")
        #expect(obr.orderingProvider == nil)
        #expect(obr.resultsReportedDateTime == "20240101130000")
        #expect(obr.resultStatus == "C")
        #expect(obr.priority == "S")
        #expect(obr.parentObservationCode == "PARENT-CODE")
        #expect(obr.parentObservationSubID == "2")
        #expect(obr.parentPlacerNumber == "PLC0")
        #expect(obr.parentFillerNumber == "FIL0")

        let order = try #require(try message.oruStructure().patientResults.first?.orders.first)
        #expect(order.priority == "S", "OBR-27.6 before ORC-7.6")
        #expect(order.orderingProvider?.field == .orc12, "OBR-16 empty: ORC-12")
        #expect(order.orderingProvider?.person.id == "111")
    }

    static let orcR = Fixture.segment("ORC", [1: "RE", 7: "^^^^^R"])
    static let obrA = Fixture.segment("OBR", [1: "1", 2: "P", 3: "F", 4: "X^Y", 27: "^^^^^A"])

    static let priorities: [Case<[String], String?>] = [
        Case("TQ1-9 first", [orcR, obrA, "TQ1|1||||||||S^Stat^HL70485"], "S"),
        Case("OBR-27.6 when no TQ1", [orcR, obrA], "A"),
        Case("ORC-7.6 last", [orcR, "OBR|1|P|F|X^Y"], "R"),
        Case("none", ["OBR|1|P|F|X^Y"], nil),
    ]

    @Test("Priority: TQ1-9, else OBR-27.6, else ORC-7.6", arguments: priorities)
    func priority(_ row: Case<[String], String?>) throws {
        let structure = try Fixture.parse([Fixture.header(version: "2.5.1"), "PID|1"] + row.input).oruStructure()
        #expect(structure.patientResults.first?.orders.first?.priority == row.expected)
    }

    static let providers: [Case<String, (id: String, family: String, type: String, isNPI: Bool)>] = [
        Case("XCN.13 NPI", Fixture.npiProvider, ("1234567893", "Patel", "NPI", true)),
        Case("XCN.13 NPI with a bad check digit is still marked NPI", "1234567890^Lee^Kim^^^^^^^^^^NPI", ("1234567890", "Lee", "NPI", true)),
        Case("XCN.9 names the NPI OID", "1234567893^Lee^Kim^^^^^^&2.16.840.1.113883.4.6&ISO", ("1234567893", "Lee", "", true)),
        Case("ten digits passing the check digit", "1234567893^Lee^Kim", ("1234567893", "Lee", "", true)),
        Case("ten digits failing the check digit", "1234567890^Lee^Kim", ("1234567890", "Lee", "", false)),
        Case("local id typed EI (seen in the wild)", "2^Robinson^William^E^^Dr^MD^^^^^^EI", ("2", "Robinson", "EI", false)),
        Case("degree only (v2.4 spec sample)", "^^^^MD", ("", "", "", false)),
    ]

    @Test("XCN parts and NPI recognition", arguments: providers)
    func provider(_ row: Case<String, (id: String, family: String, type: String, isNPI: Bool)>) throws {
        let message = try Fixture.parse([Fixture.header(version: "2.5.1"), "PID|1", Fixture.segment("OBR", [1: "1", 2: "P", 3: "F", 4: "X^Y", 16: row.input])])
        let person = HL7ExtendedPerson(message.segments[2][16])
        #expect(person.id == row.expected.id)
        #expect(person.family == row.expected.family)
        #expect(person.identifierTypeCode == row.expected.type)
        #expect(person.isNPI == row.expected.isNPI)
    }

    @Test("XCN assigning authority and name parts")
    func providerParts() throws {
        let message = try Fixture.parse(Fixture.oru251)
        let provider = try #require(OBRSegment(message.segments[4]).orderingProvider)
        #expect(provider.given == "Anika")
        #expect(provider.assigningAuthority.namespaceID == "NPI")
        #expect(provider.assigningAuthority.universalID == HL7ExtendedPerson.npiOID)
        #expect(provider.assigningAuthority.encoded == "NPI&2.16.840.1.113883.4.6&ISO")
        let order = try #require(try message.oruStructure().patientResults.first?.orders.first)
        #expect(order.orderingProvider?.field == .obr16)
    }

    static let npis: [Case<String, Bool>] = [
        Case("1234567893 is valid", "1234567893", true),
        Case("1234567890 is invalid", "1234567890", false),
        Case("another valid NPI", "1245319599", true),
        Case("nine digits", "123456789", false),
        Case("eleven digits", "12345678931", false),
        Case("letters", "123456789A", false),
        Case("full-width digits", "１２３４５６７８９３", false),
        Case("empty", "", false),
    ]

    @Test("NPI check digit (Luhn over 80840 + nine digits)", arguments: npis)
    func npiCheck(_ row: Case<String, Bool>) {
        #expect(NPICheck.isValid(row.input) == row.expected)
    }

    @Test("TQ1 and NTE accessors")
    func timingAndNotes() throws {
        let message = try Fixture.parse([
            Fixture.header(version: "2.5.1"),
            "TQ1|1||||||||A^ASAP^HL70485",
            "NTE|2|L|  first line~second \\H\\line\\N\\",
        ])
        #expect(TQ1Segment(message.segments[1]).priority == "A")
        let note = NTESegment(message.segments[2])
        #expect(note.setID == 2)
        #expect(note.source == "L")
        #expect(note.comment == "  first line\nsecond line")
    }
}
