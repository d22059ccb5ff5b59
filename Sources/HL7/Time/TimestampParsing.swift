import Foundation

extension HL7Timestamp {
    /// The instant a DTM names: `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][±ZZZZ]`, missing parts taken as their
    /// first value (a date alone is its midnight), read in `timeZone` when it carries no offset.
    /// nil when the text is not such a time (letters, a month 13, a 30 February).
    public static func parse(_ text: String, defaultTimeZone timeZone: TimeZone) -> Date? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var offsetSeconds: Int?
        if let sign = digits.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = digits[digits.index(after: sign)...]
            guard zone.count == 4, zone.allSatisfy(\.isASCIIDigit), let hours = Int(zone.prefix(2)), let minutes = Int(zone.suffix(2)),
                  hours < 24, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (digits[sign] == "-" ? -1 : 1)
            digits = digits[..<sign]
        }
        if let dot = digits.firstIndex(of: ".") {
            // Fractions belong to the seconds only.
            let fraction = digits[digits.index(after: dot)...]
            guard digits.distance(from: digits.startIndex, to: dot) == 14, !fraction.isEmpty,
                  fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            digits = digits[..<dot]
        }
        guard [4, 6, 8, 10, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        func part(_ offset: Int, default value: Int) -> Int {
            guard digits.count >= offset + 2 else { return value }
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return Int(digits[start..<digits.index(start, offsetBy: 2)]) ?? value
        }
        let year = Int(digits.prefix(4)) ?? 0
        let (month, day, hour, minute, second) = (part(4, default: 1), part(6, default: 1), part(8, default: 0),
                                                  part(10, default: 0), part(12, default: 0))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        // A day past the month's end would run into the next month: refuse it rather than move it.
        guard CivilDate.date(daysSince1970: days) == (year, month, day) else { return nil }
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        let naive = Date(timeIntervalSince1970: TimeInterval(local))
        let offset = offsetSeconds ?? timeZone.secondsFromGMT(for: naive.addingTimeInterval(TimeInterval(-timeZone.secondsFromGMT(for: naive))))
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
