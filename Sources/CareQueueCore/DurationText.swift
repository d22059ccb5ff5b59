import Foundation

/// Durations as configuration files write them: `45s`, `30m`, `24h`, `7d`, or combined as `1h30m`.
public enum DurationText {
    private static let units: [(symbol: Character, seconds: Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Seconds for `text`, or nil when it is not a number with a unit (units from large to small, each once).
    public static func parse(_ text: String) -> TimeInterval? {
        var total = 0
        var number: Int? = nil
        var nextUnit = units.startIndex
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflowA) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else { return nil }
                number = sum
                continue
            }
            guard let value = number,
                  let unit = units[nextUnit...].firstIndex(where: { $0.symbol == character }) else { return nil }
            let (seconds, overflowA) = value.multipliedReportingOverflow(by: units[unit].seconds)
            let (sum, overflowB) = total.addingReportingOverflow(seconds)
            guard !overflowA, !overflowB else { return nil }
            total = sum
            number = nil
            nextUnit = unit + 1
        }
        // A trailing number without a unit ("30") is ambiguous, and so is an empty text.
        guard number == nil, nextUnit != units.startIndex else { return nil }
        return TimeInterval(total)
    }

    /// For log lines, as configured: "250 ms" below a second (a 0.6 s timeout must not read "0 s"
    /// or "1s"), "2.5 s" or "45 s" below a minute, else `format` ("1h30m").
    public static func forLog(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return format(seconds) }
        if seconds.magnitude < 0.9995 { return "\(Int((seconds * 1000).rounded())) ms" }
        guard seconds.magnitude < 59.95 else { return format(seconds) }
        let tenths = Int((seconds * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(abs(tenths % 10)) s"
    }

    /// Compact text for `seconds`, rounded to whole seconds: 5400 → "1h30m"; `parse` reads it back.
    public static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds.magnitude < 1e15 else { return seconds < 0 ? "-∞" : "∞" }
        let whole = Int(seconds.rounded())
        if whole == 0 { return "0s" }
        var rest = whole.magnitude
        var text = whole < 0 ? "-" : ""
        for unit in units where rest >= UInt(unit.seconds) {
            text += "\(rest / UInt(unit.seconds))\(unit.symbol)"
            rest %= UInt(unit.seconds)
        }
        return text
    }
}
