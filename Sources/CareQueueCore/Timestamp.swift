import Foundation
import HL7

/// ISO 8601 UTC text with `Z` and whole seconds — the one timestamp format of JSON and the store.
public enum Timestamp {
    public static func iso(_ date: Date) -> String {
        let (days, time) = CivilDate.daysAndSecond(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
        let (y, m, d) = CivilDate.date(daysSince1970: days)
        // Built by hand: this runs for every stored row, and String(format:) is slow on Linux.
        return ZeroPadding.padded(y, to: 4) + "-" + ZeroPadding.padded(m, to: 2) + "-" + ZeroPadding.padded(d, to: 2)
            + "T" + ZeroPadding.padded(time / 3600, to: 2) + ":" + ZeroPadding.padded(time % 3600 / 60, to: 2)
            + ":" + ZeroPadding.padded(time % 60, to: 2) + "Z"
    }

    /// Parses what `iso` writes (`YYYY-MM-DDTHH:MM:SSZ`); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58,
              bytes[16] == 58, bytes[19] == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for b in bytes[range] {
                guard (48...57).contains(b) else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10),
              let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        let days = Int64(CivilDate.days(year: y, month: mo, day: d))
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + Int64(h * 3600 + mi * 60 + s)))
    }
}
