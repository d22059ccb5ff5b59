import Foundation

/// PID-7 shown as a date.
enum BirthDate {
    /// `YYYY-MM-DD` when `sent` starts with a valid YYYYMMDD, else `sent` unchanged.
    static func display(_ sent: String) -> String {
        let digits = Array(sent.utf8.prefix(8))
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return sent }
        let value = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (year, month, day) = (value(0..<4), value(4..<6), value(6..<8))
        var parts = DateComponents(calendar: Calendar(identifier: .gregorian), year: year, month: month, day: day)
        parts.timeZone = TimeZone(identifier: "UTC")
        guard (1...12).contains(month), (1...31).contains(day), parts.isValidDate else { return sent }
        // The rest may only be a time, fraction and offset; anything else means this is not a DTM.
        let rest = sent.utf8.dropFirst(8)
        guard rest.allSatisfy({ (48...57).contains($0) || $0 == 46 || $0 == 43 || $0 == 45 }) else { return sent }
        let text = String(decoding: digits, as: UTF8.self)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
    }
}
