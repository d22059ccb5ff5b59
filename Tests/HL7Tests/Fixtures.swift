import HL7
import Testing

/// Inline fixtures (synthetic; no real patient data).
enum Fixture {
    /// Joins segments with `terminator` after each one.
    static func bytes(_ segments: [String], terminator: String = "\r") -> [UInt8] {
        Array(segments.map { $0 + terminator }.joined().utf8)
    }

    static func parse(_ segments: [String], terminator: String = "\r") throws -> HL7Message {
        try HL7Parser.parse(bytes(segments, terminator: terminator))
    }

    static let npiProvider = "1234567893^Patel^Anika^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI"

    /// A v2.5.1 ORU^R01: one patient, one order with ORC, three OBX, notes and a Z segment.
    static let oru251: [String] = [
        "MSH|^~\\&|LAB^1.2.3^ISO|NORTH^2.16.840.1.113883.19.4.6^ISO|CAREQUEUE|CLINIC|20240314153000-0500||ORU^R01^ORU_R01|MSG00001|P|2.5.1",
        "PID|1||555-44-4444^^^SSA^SS~MRN12345^^^HOSP^MR||Doe^Jane^Q||19800215|F|||1 Main St^^Springfield^IL^62701||^PRN^PH^^^555^5550142",
        "PV1|1|O",
        "ORC|RE|PLC123|FIL456|||||||||\(npiProvider)",
        "OBR|1|PLC123|FIL456|24323-8^Comprehensive metabolic panel^LN|||20240314150000|||||||||\(npiProvider)||||||20240314152500|||F",
        "NTE|1|L|Specimen slightly hemolyzed",
        "OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L^millimoles per liter^UCUM|3.5-5.1|HH|||F",
        "NTE|1|L|Repeated and confirmed",
        "OBX|2|SN|2160-0^Creatinine^LN||>^200|umol/L|60-110|H|||F",
        "OBX|3|CWE|600-7^Bacteria identified^LN||112283007^Escherichia coli^SCT||||||F",
        "ZPS|1|North Lab^^^^^CLIA&2.16.840.1.113883.4.7&ISO",
    ]

    /// MSH for a version, with an optional MSH-9 and MSH-15/16.
    static func header(version: String, type: String = "ORU^R01", encoding: String = "^~\\&",
                       controlID: String = "CTRL1", accept: String = "", application: String = "",
                       charset: String = "") -> String {
        var fields = ["MSH", encoding, "LAB^1.2.3^ISO", "NORTH", "CAREQUEUE^9.8.7^ISO", "CLINIC", "20240314153000",
                      "", type, controlID, "P", version, "", "", accept, application, "", charset]
        while fields.count > 12, fields.last == "" { fields.removeLast() }
        return fields.joined(separator: "|")
    }

    /// A segment with `fields` at their HL7 numbers (field 1 onward), the rest empty.
    static func segment(_ id: String, _ fields: [Int: String]) -> String {
        let last = max(fields.keys.max() ?? 1, 1)
        return ([id] + (1...last).map { fields[$0] ?? "" }).joined(separator: "|")
    }

    /// A minimal ORU body for version tests.
    static let body: [String] = [
        "PID|1||MRN1^^^HOSP^MR||Roe^Sam",
        "OBR|1|P1|F1|2823-3^Potassium^LN",
        "OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F",
    ]
}

/// A SplitMix64 generator: the same seed gives the same inputs on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Always hands out the same id, so ACK tests can compare whole lines.
struct FixedControlIDGenerator: HL7ControlIDGenerator {
    var id: String
    func next() -> String { id }
}

/// A table row with a readable name in test output.
struct Case<Input: Sendable, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    var name: String
    var input: Input
    var expected: Expected

    init(_ name: String, _ input: Input, _ expected: Expected) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }
}

extension HL7Message {
    /// The segment ids in order, for compact assertions.
    var segmentIDs: [String] { segments.map(\.id) }
}

/// Splits ACK bytes into segment strings.
func lines(_ bytes: [UInt8]) -> [String] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\r").map(String.init)
}
