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
        let repetitions = segment[3].repetitionList
        for repetition in repetitions where !repetition.component(1).isEmpty {
            let type = repetition.text(component: 5)
            if type == "MR" || type.uppercased() == "MR" { return repetition.text(component: 1) }
        }
        for repetition in repetitions where !repetition.component(1).isEmpty && repetition.component(5).isEmpty {
            let authority = repetition.text(component: 4, subcomponent: 1).uppercased()
            if authority != "SS", authority != "SSN", authority != "SSA" { return repetition.text(component: 1) }
        }
        return nil
    }

    /// PID-5.1 family name (FN.1 surname) of the first repetition.
    public var family: String { segment.text(5, 1, 1) }
    /// PID-5.2 given name of the first repetition.
    public var given: String { segment.text(5, 2) }

    /// PID-7 as sent (`19620320`, `196203201230`).
    public var dateOfBirth: String { segment.text(7, 1) }

    /// PID-7 as `YYYY-MM-DD` when it starts with a real calendar date, else nil.
    public var dateOfBirthISO: String? { HL7Date.isoDate(dateOfBirth) }

    /// PID-8 administrative sex.
    public var sex: String { segment.text(8, 1) }

    /// PID-13 first repetition as sent: XTN.1, else built from XTN.6 area code and XTN.7 number
    /// (`(555)555-0142`, with `X` and XTN.8 when there is an extension), else XTN.12; nil when empty.
    public var phone: String? {
        let first = segment[13].repetition(1)
        if let formatted = first.component(1).nonEmptyText { return formatted }
        if let local = first.component(7).nonEmptyText {
            var out: [UInt8] = []
            out.reserveCapacity(24)
            let area = first.text(component: 6)
            if !area.isEmpty {
                out.append(0x28)
                out.append(contentsOf: area.utf8)
                out.append(0x29)
            }
            let digits = local.utf8
            if digits.count == 7, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                out.append(contentsOf: digits.prefix(3))
                out.append(0x2D)
                out.append(contentsOf: digits.suffix(4))
            } else {
                out.append(contentsOf: digits)
            }
            if let extensionNumber = first.component(8).nonEmptyText {
                out.append(0x58)
                out.append(contentsOf: extensionNumber.utf8)
            }
            return String(decoding: out, as: UTF8.self)
        }
        return first.component(12).nonEmptyText
    }
}

/// Dates in HL7 DT/DTM form.
public enum HL7Date {
    /// `YYYYMMDD…` → `YYYY-MM-DD` when the first eight characters are digits forming a real date.
    public static func isoDate(_ hl7: String) -> String? {
        var packed: UInt64 = 0
        var count = 0
        for byte in hl7.utf8 {
            if count == 8 { break }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            packed |= UInt64(byte - 0x30) << UInt64(count &* 8)
            count &+= 1
        }
        guard count == 8 else { return nil }
        let digits = packed
        @inline(__always) func digit(_ k: Int) -> Int { Int(truncatingIfNeeded: (digits >> UInt64(k &* 8)) & 0xFF) }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(4) * 10 + digit(5), day = digit(6) * 10 + digit(7)
        guard year > 0, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        // YYYY-MM-DD: the eight digits with a hyphen after the year and after the month.
        return String(unsafeUninitializedCapacity: 10) { out in
            var at = 0
            for k in 0..<8 {
                if k == 4 || k == 6 {
                    out[at] = 0x2D
                    at &+= 1
                }
                out[at] = UInt8(truncatingIfNeeded: digit(k)) &+ 0x30
                at &+= 1
            }
            return at
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
