import Foundation

/// ISO 8601 times as people type them in CSV files and `--as-of`.
public enum ISO8601Input {
    /// Reads `2026-03-01T08:00:00Z`, `2026-03-01T08:00+01:00`, `2026-03-01T08:00` (local time in
    /// `timeZone`), with or without seconds (and a fraction), or `2026-03-01` (local midnight).
    ///
    /// A space may stand for the `T`. Returns nil for anything else, including impossible dates.
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        var scanner = Cursor(text.trimmingCharacters(in: .whitespaces))
        guard let year = scanner.digits(4), scanner.skip("-"),
              let month = scanner.digits(2), scanner.skip("-"),
              let day = scanner.digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }

        var parts = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var fraction = 0.0
        var zone = timeZone
        if !scanner.atEnd {
            guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
                  let hour = scanner.digits(2), scanner.skip(":"), let minute = scanner.digits(2),
                  hour < 24, minute < 60
            else { return nil }
            parts.hour = hour
            parts.minute = minute
            if scanner.skip(":") {
                guard let second = scanner.digits(2), second < 60 else { return nil }
                parts.second = second
                if scanner.skip(".") || scanner.skip(",") {
                    guard let decimals = scanner.digitRun(), decimals.count <= 9 else { return nil }
                    fraction = Double("0." + decimals) ?? 0
                }
            }
            if scanner.skip("Z") || scanner.skip("z") {
                zone = TimeZone(secondsFromGMT: 0)!
            } else if let sign = scanner.sign() {
                guard let hours = scanner.digits(2) else { return nil }
                let colon = scanner.skip(":")
                let minutes = scanner.atEnd && !colon ? 0 : scanner.digits(2)
                guard let minutes, hours <= 18, minutes < 60,
                      let fixed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
                else { return nil }
                zone = fixed
            }
            guard scanner.atEnd else { return nil }
        }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: parts)?.addingTimeInterval(fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads ASCII pieces of a time from left to right.
    private struct Cursor {
        private let bytes: [UInt8]
        private var position = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard !atEnd, let ascii = character.asciiValue, bytes[position] == ascii else { return false }
            position += 1
            return true
        }

        /// Exactly `count` digits as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += count
            return value
        }

        /// One or more digits, as text.
        mutating func digitRun() -> String? {
            let start = position
            while !atEnd, (48...57).contains(bytes[position]) { position += 1 }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        /// +1 or -1 for a leading "+" or "-".
        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
