import Foundation

/// A day of the week as `[clinic] business_days` names it ("mon" … "sun").
public enum ClinicWeekday: String, Sendable, CaseIterable, Comparable {
    case sun, mon, tue, wed, thu, fri, sat

    /// Monday to Friday: the default `business_days`.
    public static let workWeek: Set<ClinicWeekday> = [.mon, .tue, .wed, .thu, .fri]

    /// Reads "mon", "Monday", "MON": the first three letters of an English day name, or the whole name.
    public init?(name: String) {
        let lower = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let day = Self.allCases.first(where: { lower == $0.rawValue || lower == $0.fullName }) else { return nil }
        self = day
    }

    /// Gregorian `weekday` numbering: 1 is Sunday.
    init(gregorian weekday: Int) { self = Self.allCases[(weekday - 1 + 7) % 7] }

    var fullName: String {
        switch self {
        case .sun: return "sunday"
        case .mon: return "monday"
        case .tue: return "tuesday"
        case .wed: return "wednesday"
        case .thu: return "thursday"
        case .fri: return "friday"
        case .sat: return "saturday"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        // Monday first, as a clinic's week is written.
        func rank(_ day: Self) -> Int { (allCases.firstIndex(of: day)! + 6) % 7 }
        return rank(lhs) < rank(rhs)
    }
}

/// When the clinic opens: its daily hours on business days that are not holidays, in its local time zone.
///
/// The next opening (the default callback after a failed call) is the first instant strictly after
/// now at which the clinic opens on a business day that is not a holiday. When the clinic is open
/// now that is the next day's opening: calling back "now" is what the coordinator just did. A day's
/// opening belongs to the day it starts on, so hours that wrap midnight ("22:00-06:00") open on a
/// business day's evening. Without hours (always open) the clinic "opens" at local midnight.
public struct ClinicCalendar: Sendable, Equatable {
    public var hours: ClinicHours?
    public var businessDays: Set<ClinicWeekday>
    /// Local dates "YYYY-MM-DD" the clinic stays closed.
    public var holidays: Set<String>
    public var timeZone: TimeZone

    public init(hours: ClinicHours?, businessDays: Set<ClinicWeekday> = ClinicWeekday.workWeek,
                holidays: Set<String> = [], timeZone: TimeZone) {
        self.hours = hours
        self.businessDays = businessDays
        self.holidays = holidays
        self.timeZone = timeZone
    }

    /// The calendar `[clinic]` describes, in `timeZone`.
    public init(_ clinic: CareQueueConfig.Clinic, timeZone: TimeZone) {
        self.init(hours: clinic.hours.flatMap(ClinicHours.init(parsing:)), businessDays: clinic.businessDays,
                  holidays: Set(clinic.holidays), timeZone: timeZone)
    }

    /// How far ahead `nextOpening` looks before giving up (holidays could cover every business day).
    public static let searchDays = 400

    /// The next opening strictly after `now`; nil when no business day in the next `searchDays` is open.
    public func nextOpening(after now: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let opensAt = hours?.opensAt ?? 0
        // Earlier days' openings are all before today's midnight, so the search starts today.
        guard let today = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: now)) else { return nil }
        for offset in 0...Self.searchDays {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { return nil }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard let weekday = parts.weekday, businessDays.contains(ClinicWeekday(gregorian: weekday)),
                  !holidays.contains(Self.dateText(parts)) else { continue }
            var opening = parts
            opening.weekday = nil
            opening.hour = opensAt / 60
            opening.minute = opensAt % 60
            if let instant = calendar.date(from: opening), instant > now { return instant }
        }
        return nil
    }

    /// "2026-03-02" from a date's year, month and day.
    static func dateText(_ parts: DateComponents) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.year ?? 0, 4))-\(pad(parts.month ?? 0, 2))-\(pad(parts.day ?? 0, 2))"
    }
}
