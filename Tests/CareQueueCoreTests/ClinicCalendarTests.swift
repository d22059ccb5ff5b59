import Foundation
import Testing
import CareQueueCore

@Suite("Clinic calendar and callback times")
struct ClinicCalendarTests {
    /// The clinic's local zone; DST starts there on Sunday 2026-03-08.
    let newYork = TimeZone(identifier: "America/New_York")!

    /// A local wall-clock time in New York, "2026-03-06T18:00".
    func local(_ text: String) -> Date { ISO8601Input.parse(text, timeZone: newYork)! }

    func calendar(_ hours: String? = "07:00-19:00", days: Set<ClinicWeekday> = ClinicWeekday.workWeek,
                  holidays: Set<String> = []) -> ClinicCalendar {
        ClinicCalendar(hours: hours.flatMap(ClinicHours.init(parsing:)), businessDays: days, holidays: holidays,
                       timeZone: newYork)
    }

    @Test("the next opening skips the weekend, a holiday, and today when the clinic is open now", arguments: [
        // 2026-03-06 is a Friday; Monday 2026-03-09 opens at 07:00 EDT (11:00Z), after the DST change.
        ("open now on Friday: Monday's opening", "2026-03-06T18:00", "07:00-19:00", [], "2026-03-09T07:00"),
        ("Friday evening, closed: Monday", "2026-03-06T20:00", "07:00-19:00", [], "2026-03-09T07:00"),
        ("Monday a holiday: Tuesday", "2026-03-06T20:00", "07:00-19:00", ["2026-03-09"], "2026-03-10T07:00"),
        ("Saturday: Monday", "2026-03-07T10:00", "07:00-19:00", [], "2026-03-09T07:00"),
        ("before opening: today", "2026-03-11T05:00", "07:00-19:00", [], "2026-03-11T07:00"),
        ("at the opening instant: the next day's", "2026-03-11T07:00", "07:00-19:00", [], "2026-03-12T07:00"),
        ("night clinic, open Friday 23:00: Monday evening", "2026-03-06T23:00", "22:00-06:00", [], "2026-03-09T22:00"),
        ("night clinic, Saturday 02:00 (Friday's night): Monday evening", "2026-03-07T02:00", "22:00-06:00", [],
         "2026-03-09T22:00"),
        ("night clinic, Thursday 21:00: that evening", "2026-03-05T21:00", "22:00-06:00", [], "2026-03-05T22:00"),
    ] as [(String, String, String, [String], String)])
    func nextOpening(_ name: String, _ now: String, _ hours: String, _ holidays: [String], _ expected: String) {
        #expect(calendar(hours, holidays: Set(holidays)).nextOpening(after: local(now)) == local(expected), "\(name)")
    }

    @Test("the opening is in the clinic's zone: Monday 07:00 EDT is 11:00Z")
    func zone() {
        let opening = calendar().nextOpening(after: local("2026-03-06T20:00"))
        #expect(opening.map(Timestamp.iso) == "2026-03-09T11:00:00Z")
    }

    @Test("without hours the clinic opens at local midnight of the next business day")
    func alwaysOpen() {
        #expect(calendar(nil).nextOpening(after: local("2026-03-06T10:00")) == local("2026-03-09T00:00"))
    }

    @Test("custom business days: a Saturday clinic opens on Saturday")
    func saturday() {
        let clinic = calendar(days: [.mon, .sat])
        #expect(clinic.nextOpening(after: local("2026-03-06T10:00")) == local("2026-03-07T07:00"))
    }

    @Test("no opening when holidays cover every business day ahead")
    func noOpening() {
        var holidays: Set<String> = []
        var day = local("2026-03-09T12:00")
        for _ in 0..<60 {
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = newYork
            let parts = gregorian.dateComponents([.year, .month, .day], from: day)
            holidays.insert(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))
            day = gregorian.date(byAdding: .day, value: 7, to: day)!
        }
        #expect(calendar(days: [.mon], holidays: holidays).nextOpening(after: local("2026-03-06T10:00")) == nil)
    }

    @Test("the suggested callback: next opening after no answer or a message, none after a wrong number")
    func suggested() {
        #expect(CallbackChoice.suggested(for: .noAnswer) == .nextOpening)
        #expect(CallbackChoice.suggested(for: .leftMessage) == .nextOpening)
        #expect(CallbackChoice.suggested(for: .wrongNumber) == .noCallback)
    }

    @Test("each choice's instant at an injected now")
    func instants() {
        let now = local("2026-03-06T18:00")
        #expect(CallbackChoice.nextOpening.instant(at: now, calendar: calendar()) == local("2026-03-09T07:00"))
        #expect(CallbackChoice.inTwoHours.instant(at: now, calendar: calendar()) == local("2026-03-06T20:00"))
        #expect(CallbackChoice.at(local("2026-03-07T09:00")).instant(at: now, calendar: calendar()) == local("2026-03-07T09:00"))
        #expect(CallbackChoice.noCallback.instant(at: now, calendar: calendar()) == nil)
    }

    @Test("typed callback times", arguments: [
        ("14:30 before it: today", "2026-03-06T10:00", "14:30", "2026-03-06T14:30"),
        ("14:30 after it: tomorrow", "2026-03-06T15:00", "14:30", "2026-03-07T14:30"),
        ("9:05 with one digit", "2026-03-06T10:00", "9:05", "2026-03-07T09:05"),
        ("local ISO 8601", "2026-03-06T10:00", "2026-03-09T08:15", "2026-03-09T08:15"),
        ("ISO 8601 with a zone", "2026-03-06T10:00", "2026-03-09T12:15Z", "2026-03-09T08:15"),
    ])
    func typed(_ name: String, _ now: String, _ text: String, _ expected: String) throws {
        let result = CallbackTimeInput.parse(text, now: local(now), timeZone: newYork)
        #expect(try result.get() == local(expected), "\(name)")
    }

    @Test("typed callback times that are refused, saying why", arguments: [
        ("2026-03-01T08:00", "callback time 2026-03-01T08:00 is in the past"),
        ("tomorrow", "callback time \"tomorrow\" is not a time: type 14:30 or 2026-03-02T09:00 (ISO 8601)"),
        ("25:00", "callback time \"25:00\" is not a time: type 14:30 or 2026-03-02T09:00 (ISO 8601)"),
    ])
    func refused(_ text: String, _ reason: String) {
        let result = CallbackTimeInput.parse(text, now: local("2026-03-06T10:00"), timeZone: newYork)
        guard case .failure(let refusal) = result else { Issue.record("accepted \(text)"); return }
        #expect(refusal.description == reason)
    }

    @Test("weekday names", arguments: [("mon", ClinicWeekday.mon), ("Monday", .mon), ("SUN", .sun), ("saturday", .sat)])
    func names(_ text: String, _ day: ClinicWeekday) {
        #expect(ClinicWeekday(name: text) == day)
    }
}
