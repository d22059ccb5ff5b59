import Foundation

/// When to call a patient back after a failed call: what the coordinator picks in the `f` dialog
/// and `tasks attempt --callback-at` says.
public enum CallbackChoice: Sendable, Equatable {
    /// The clinic's next opening (`ClinicCalendar.nextOpening`).
    case nextOpening
    /// Two hours from now.
    case inTwoHours
    /// A time the coordinator typed.
    case at(Date)
    /// No callback.
    case noCallback

    /// The choice offered first for `outcome`: a patient who did not answer or got a message is
    /// called back when the clinic next opens; a wrong number has nobody to call back.
    public static func suggested(for outcome: AttemptOutcome) -> CallbackChoice {
        outcome == .wrongNumber ? .noCallback : .nextOpening
    }

    /// The instant this choice means at `now`; nil for `.noCallback`, or for `.nextOpening` when the
    /// calendar has no opening ahead.
    public func instant(at now: Date, calendar: ClinicCalendar) -> Date? {
        switch self {
        case .nextOpening: return calendar.nextOpening(after: now)
        case .inTwoHours: return now.addingTimeInterval(2 * 3600)
        case .at(let date): return date
        case .noCallback: return nil
        }
    }
}

/// A callback time as people type it.
public enum CallbackTimeInput {
    /// Reads "14:30" (the next such time of day: today, or tomorrow once it has passed) or an ISO 8601
    /// time `ISO8601Input` reads (local time in `timeZone` unless it names a zone). The time must be
    /// after `now`; the error says what was wrong.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) -> Result<Date, LifecycleRefusal> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let clock = ClinicHours.minutes(trimmed, allowing24: false) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            var parts = calendar.dateComponents([.year, .month, .day], from: now)
            parts.hour = clock / 60
            parts.minute = clock % 60
            guard let today = calendar.date(from: parts) else {
                return .failure(LifecycleRefusal("no such local time: \(trimmed)"))
            }
            let instant = today > now ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today
            return .success(instant)
        }
        guard let instant = ISO8601Input.parse(trimmed, timeZone: timeZone) else {
            return .failure(LifecycleRefusal(
                "callback time \"\(trimmed)\" is not a time: type 14:30 or 2026-03-02T09:00 (ISO 8601)"))
        }
        guard instant > now else {
            return .failure(LifecycleRefusal("callback time \(trimmed) is in the past"))
        }
        return .success(instant)
    }
}
