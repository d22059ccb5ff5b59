import Foundation

/// Daily opening hours, "HH:MM-HH:MM" local time; the end is exclusive and may be past midnight.
public struct ClinicHours: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after local midnight when the clinic opens (0…1439).
    public var opensAt: Int
    /// Minutes after local midnight when it closes (1…1440; 1440 is "24:00").
    public var closesAt: Int

    public init?(opensAt: Int, closesAt: Int) {
        guard (0..<1440).contains(opensAt), (1...1440).contains(closesAt), opensAt != closesAt else {
            return nil
        }
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Reads "07:00-19:00", "22:00-06:00" (wraps midnight) or "00:00-24:00" (always); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let opens = Self.minutes(parts[0].trimmingCharacters(in: .whitespaces), allowing24: false),
              let closes = Self.minutes(parts[1].trimmingCharacters(in: .whitespaces), allowing24: true)
        else { return nil }
        self.init(opensAt: opens, closesAt: closes)
    }

    /// True when the clinic closes after midnight, as in "22:00-06:00".
    public var wrapsMidnight: Bool { closesAt < opensAt }

    /// True when the local wall-clock time of `instant` in `timeZone` is within the hours.
    public func contains(_ instant: Date, timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        if wrapsMidnight { return minute >= opensAt || minute < closesAt }
        return minute >= opensAt && minute < closesAt
    }

    /// "07:00-19:00"
    public var description: String { "\(Self.text(opensAt))-\(Self.text(closesAt))" }

    private static func text(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    /// "7:00" or "07:00" → 420; "24:00" only when `allowing24`.
    static func minutes(_ text: String, allowing24: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60
        else { return nil }
        if hour == 24 && minute == 0 && allowing24 { return 1440 }
        return hour < 24 ? hour * 60 + minute : nil
    }
}
