import HL7
import Testing

@Suite("OBX values as display text")
struct ObservationTests {
    static func obx(type: String, value: String, units: String = "", range: String = "", flags: String = "",
                    status: String = "F") throws -> OBXSegment {
        let segment = Fixture.segment("OBX", [1: "1", 2: type, 3: "2823-3^Potassium^LN", 4: "1", 5: value,
                                              6: units, 7: range, 8: flags, 11: status])
        return OBXSegment(try Fixture.parse([Fixture.header(version: "2.5.1"), segment]).segments[1])
    }

    static let values: [Case<(type: String, value: String), String>] = [
        Case("NM", ("NM", "6.8"), "6.8"),
        Case("SN greater-than", ("SN", ">^200"), ">200"),
        Case("SN plain number", ("SN", "^182"), "182"),
        Case("SN ratio", ("SN", "^1^:^64"), "1:64"),
        Case("SN range", ("SN", "^10^-^20"), "10-20"),
        Case("SN less-or-equal", ("SN", "<=^0.5"), "<=0.5"),
        Case("SN suffix", ("SN", "^2^+"), "2+"),
        Case("CWE text", ("CWE", "112283007^Escherichia coli^SCT"), "Escherichia coli"),
        Case("CWE code when no text", ("CWE", "POS^^L"), "POS"),
        Case("CE text", ("CE", "260385009^Negative^SCT"), "Negative"),
        Case("CWE alternate text", ("CWE", "^^^L1^Local text^L"), "Local text"),
        Case("repetitions joined", ("CWE", "A^Alpha~B^Beta~^^"), "Alpha, Beta"),
        Case("ST repetitions joined", ("ST", "one~two"), "one, two"),
        Case("TX keeps leading spaces", ("TX", "    IMPRESSION: normal"), "    IMPRESSION: normal"),
        Case("FT line breaks", ("FT", "Line one\\.br\\  Line two"), "Line one\n  Line two"),
        Case("FT highlight dropped", ("FT", "\\H\\CRITICAL\\N\\ value"), "CRITICAL value"),
        Case("ST escapes", ("ST", "4\\S\\5 \\T\\ 6"), "4^5 & 6"),
        Case("ST raw backslash", ("ST", "4\\5"), "4\\5"),
        Case("RP", ("RP", "https://pacs.example/1^PACS^IMAGE^JPEG"), "[JPEG reference: https://pacs.example/1]"),
        Case("ED small base64", ("ED", "^AP^PDF^Base64^JVBERi0xLjQK"), "[embedded PDF, 9 bytes]"),
        Case("ED only data, type from OBX-5.1", ("ED", "PDF^^^Base64^QUJD"), "[embedded PDF, 3 bytes]"),
        Case("ED hex", ("ED", "^TEXT^^Hex^414243"), "[embedded TEXT, 3 bytes]"),
        Case("ED no type", ("ED", "^^^A^hello"), "[embedded data, 5 bytes]"),
        Case("DT components", ("DT", "20240101"), "20240101"),
        Case("HL7 null", ("NM", "\"\""), ""),
        Case("empty", ("NM", ""), ""),
    ]

    @Test("OBX-5 display by value type", arguments: values)
    func display(_ row: Case<(type: String, value: String), String>) throws {
        #expect(try Self.obx(type: row.input.type, value: row.input.value).displayValue == row.expected)
    }

    @Test("A 5 MB base64 PDF is summarised, never decoded into text")
    func largeEmbeddedDocument() throws {
        let payload = String(repeating: "QUJD", count: 1_700_000)   // 6.8 M characters = 5.1 MB decoded
        let obx = try Self.obx(type: "ED", value: "^AP^PDF^Base64^" + payload)
        #expect(obx.displayValue == "[embedded PDF, 5.1 MB]")
        #expect(obx.values.first?.component(5).bytes.count == payload.utf8.count)
    }

    @Test("Units, range, flags, status, ids")
    func otherFields() throws {
        let obx = try Self.obx(type: "NM", value: "6.8", units: "mmol/L^millimoles per liter^UCUM", range: "3.5-5.1",
                               flags: "HH~~A^Abnormal^HL70078", status: "C")
        #expect(obx.setID == 1)
        #expect(obx.valueType == "NM")
        #expect(obx.identifier.identifier == "2823-3")
        #expect(obx.identifier.text == "Potassium")
        #expect(obx.identifier.codingSystem == "LN")
        #expect(obx.subID == "1")
        #expect(obx.units == "millimoles per liter")
        #expect(obx.referenceRange == "3.5-5.1")
        #expect(obx.abnormalFlags == ["HH", "A"])
        #expect(obx.resultStatus == "C")
    }

    static let units: [Case<String, String>] = [
        Case("text", "mmol/L^millimoles per liter^UCUM", "millimoles per liter"),
        Case("identifier when no text", "mmol/L^^UCUM", "mmol/L"),
        Case("plain", "g/dL", "g/dL"),
        Case("empty", "", ""),
    ]

    @Test("OBX-6 units: text, else identifier", arguments: units)
    func unitsTable(_ row: Case<String, String>) throws {
        #expect(try Self.obx(type: "NM", value: "1", units: row.input).units == row.expected)
    }

    static let sizes: [Case<Int, String>] = [
        Case("one byte", 1, "1 byte"),
        Case("bytes", 812, "812 bytes"),
        Case("kilobytes", 12_300, "12.3 kB"),
        Case("megabytes", 5_100_000, "5.1 MB"),
        Case("just under a megabyte rounds up to MB", 999_990, "1.0 MB"),
    ]

    @Test("ED sizes in decimal units", arguments: sizes)
    func sizesTable(_ row: Case<Int, String>) throws {
        // Hex data: two characters per byte.
        let obx = try Self.obx(type: "ED", value: "^AP^PDF^Hex^" + String(repeating: "AB", count: row.input))
        #expect(obx.displayValue == "[embedded PDF, \(row.expected)]")
    }
}
