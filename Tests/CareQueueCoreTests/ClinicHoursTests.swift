import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("Clinic hours")
struct ClinicHoursTests {
    @Test("parses", arguments: [
        Named("day clinic", "07:00-19:00", [420, 1140]),
        Named("single-digit hour", "7:30-19:00", [450, 1140]),
        Named("spaces around the dash", "07:00 - 19:00", [420, 1140]),
        Named("wraps midnight", "22:00-06:00", [1320, 360]),
        Named("always open", "00:00-24:00", [0, 1440]),
        Named("until midnight", "18:00-24:00", [1080, 1440]),
    ])
    func parses(_ row: Named<String, [Int]>) throws {
        let hours = try #require(ClinicHours(parsing: row.input))
        #expect([hours.opensAt, hours.closesAt] == row.expected)
    }

    @Test("rejects", arguments: [
        Named("empty", "", ()),
        Named("one time", "07:00", ()),
        Named("no minutes", "7-19", ()),
        Named("hour 24 at the start", "24:00-06:00", ()),
        Named("hour 25", "07:00-25:00", ()),
        Named("minute 60", "07:60-19:00", ()),
        Named("one-digit minutes", "07:0-19:00", ()),
        Named("start equals end", "07:00-07:00", ()),
        Named("midnight to midnight", "00:00-00:00", ()),
        Named("24:30", "07:00-24:30", ()),
        Named("three parts", "07:00-12:00-19:00", ()),
        Named("seconds", "07:00:00-19:00:00", ()),
        Named("letters", "7am-7pm", ()),
    ])
    func rejects(_ row: Named<String, Void>) {
        #expect(ClinicHours(parsing: row.input) == nil)
    }

    @Test("describes itself as HH:MM-HH:MM")
    func description() {
        #expect(ClinicHours(parsing: "7:05-19:00")?.description == "07:05-19:00")
        #expect(ClinicHours(parsing: "00:00-24:00")?.description == "00:00-24:00")
    }

    /// 2026-03-10 is a Tuesday; the zone is UTC+2 with no daylight saving, so local = UTC + 2h.
    static let zone = TimeZone(secondsFromGMT: 2 * 3600)!

    static func local(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        // 2026-03-10T00:00:00Z = 1773100800
        Date(timeIntervalSince1970: 1_773_100_800 + Double((hour - 2) * 3600 + minute * 60 + second))
    }

    @Test("contains, at the edges", arguments: [
        Named("day: opening minute is open", ("07:00-19:00", local(7, 0)), true),
        Named("day: a second before opening is closed", ("07:00-19:00", local(6, 59, 59)), false),
        Named("day: last second is open", ("07:00-19:00", local(18, 59, 59)), true),
        Named("day: closing minute is closed", ("07:00-19:00", local(19, 0)), false),
        Named("day: midnight is closed", ("07:00-19:00", local(0, 0)), false),
        Named("night: late evening is open", ("22:00-06:00", local(23, 30)), true),
        Named("night: midnight is open", ("22:00-06:00", local(0, 0)), true),
        Named("night: early morning is open", ("22:00-06:00", local(5, 59, 59)), true),
        Named("night: closing minute is closed", ("22:00-06:00", local(6, 0)), false),
        Named("night: before opening is closed", ("22:00-06:00", local(21, 59)), false),
        Named("always: midnight", ("00:00-24:00", local(0, 0)), true),
        Named("always: last minute", ("00:00-24:00", local(23, 59, 59)), true),
        Named("until midnight: 23:59 is open", ("18:00-24:00", local(23, 59)), true),
        Named("until midnight: midnight is closed", ("18:00-24:00", local(0, 0)), false),
    ])
    func contains(_ row: Named<(String, Date), Bool>) throws {
        let hours = try #require(ClinicHours(parsing: row.input.0))
        #expect(hours.contains(row.input.1, timeZone: Self.zone) == row.expected)
    }

    @Test("the time zone decides the wall clock")
    func timeZoneMatters() throws {
        let hours = try #require(ClinicHours(parsing: "07:00-19:00"))
        let instant = Date(timeIntervalSince1970: 1_773_100_800 + 6 * 3600) // 06:00Z
        #expect(hours.contains(instant, timeZone: TimeZone(secondsFromGMT: 0)!) == false)
        #expect(hours.contains(instant, timeZone: TimeZone(secondsFromGMT: 3600)!) == true)
    }

    @Test("daylight saving: the same UTC hour is open in summer and closed in winter in New York")
    func daylightSaving() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let hours = try #require(ClinicHours(parsing: "07:00-19:00"))
        // 11:30Z is 06:30 EST in January and 07:30 EDT in July.
        let january = try #require(ISO8601Input.parse("2026-01-15T11:30:00Z", timeZone: newYork))
        let july = try #require(ISO8601Input.parse("2026-07-15T11:30:00Z", timeZone: newYork))
        #expect(hours.contains(january, timeZone: newYork) == false)
        #expect(hours.contains(july, timeZone: newYork) == true)
    }
}
