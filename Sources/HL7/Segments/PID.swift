/// PID, the patient, with decoded accessors.
public struct PIDSegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// PID-1 set id.
    public var setID: Int? { Int(segment[1].text) }

    /// Every PID-3 repetition.
    public var identifiers: [HL7ExtendedID] { segment[3].repetitions.map(HL7ExtendedID.init) }

    /// The medical record number: the PID-3 repetition whose CX.5 is `MR`, else the first one with
    /// an empty CX.5 — never one typed `SS`/`SSN` or issued by `SSA`. Nil when none qualifies.
    public var mrn: String? {
        let ids = identifiers.filter { !$0.id.isEmpty }
        if let medicalRecord = ids.first(where: { $0.identifierTypeCode.uppercased() == "MR" }) {
            return medicalRecord.id
        }
        let socialSecurity: Set<String> = ["SS", "SSN", "SSA"]
        return ids.first { id in
            id.identifierTypeCode.isEmpty
                && !socialSecurity.contains(id.assigningAuthority.namespaceID.uppercased())
        }?.id
    }

    /// PID-5.1 family name (FN.1 surname) of the first repetition.
    public var family: String { segment[5].component(1).subcomponent(1).text }
    /// PID-5.2 given name of the first repetition.
    public var given: String { segment[5].component(2).text }

    /// PID-7 as sent (`19620320`, `196203201230`).
    public var dateOfBirth: String { segment[7].component(1).text }

    /// PID-7 as `YYYY-MM-DD` when it starts with a real calendar date, else nil.
    public var dateOfBirthISO: String? { HL7Date.isoDate(dateOfBirth) }

    /// PID-8 administrative sex.
    public var sex: String { segment[8].component(1).text }

    /// PID-13 first repetition as sent: XTN.1, else built from XTN.6 area code and XTN.7 number
    /// (`(555)555-0142`, with `X` and XTN.8 when there is an extension), else XTN.12; nil when empty.
    public var phone: String? {
        let first = segment[13].repetition(1)
        if let formatted = first.component(1).nonEmptyText { return formatted }
        if let local = first.component(7).nonEmptyText {
            var number = local
            let digits = local.filter(\.isNumber)
            if digits.count == 7, digits == local { number = "\(local.prefix(3))-\(local.suffix(4))" }
            let area = first.component(6).text
            var result = area.isEmpty ? number : "(\(area))\(number)"
            if let extensionNumber = first.component(8).nonEmptyText { result += "X\(extensionNumber)" }
            return result
        }
        return first.component(12).nonEmptyText
    }
}

/// Dates in HL7 DT/DTM form.
public enum HL7Date {
    /// `YYYYMMDD…` → `YYYY-MM-DD` when the first eight characters are digits forming a real date.
    public static func isoDate(_ hl7: String) -> String? {
        let digits = Array(hl7.utf8.prefix(8))
        guard digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let value = digits.map { Int($0 - 0x30) }
        let year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3]
        let month = value[4] * 10 + value[5]
        let day = value[6] * 10 + value[7]
        guard year > 0, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
