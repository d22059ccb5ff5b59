import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("ISO 8601 input")
struct ISO8601InputTests {
    /// UTC+2, no daylight saving: local times read as UTC minus two hours.
    static let zone = TimeZone(secondsFromGMT: 2 * 3600)!
    /// 2026-03-01T00:00:00Z
    static let march1 = 1_772_323_200.0

    @Test("reads", arguments: [
        Named("UTC with seconds", "2026-03-01T08:00:00Z", march1 + 8 * 3600),
        Named("UTC without seconds", "2026-03-01T08:00Z", march1 + 8 * 3600),
        Named("lower-case t and z", "2026-03-01t08:00:00z", march1 + 8 * 3600),
        Named("fraction", "2026-03-01T08:00:00.250Z", march1 + 8 * 3600 + 0.25),
        Named("comma fraction", "2026-03-01T08:00:00,5Z", march1 + 8 * 3600 + 0.5),
        Named("positive offset", "2026-03-01T08:00:00+01:00", march1 + 7 * 3600),
        Named("negative offset", "2026-03-01T08:00-05:00", march1 + 13 * 3600),
        Named("offset without colon", "2026-03-01T08:00+0530", march1 + 2.5 * 3600),
        Named("offset hours only", "2026-03-01T08:00+01", march1 + 7 * 3600),
        Named("no offset is local", "2026-03-01T08:00:00", march1 + 6 * 3600),
        Named("no offset, no seconds", "2026-03-01T08:00", march1 + 6 * 3600),
        Named("space instead of T", "2026-03-01 08:00", march1 + 6 * 3600),
        Named("date alone is local midnight", "2026-03-01", march1 - 2 * 3600),
        Named("surrounding spaces", "  2026-03-01T08:00Z ", march1 + 8 * 3600),
        Named("leap day", "2024-02-29T00:00:00Z", 1_709_164_800),
        Named("leap day in a 400th year", "2000-02-29T00:00:00Z", 951_782_400),
        Named("last second of the day", "2026-03-01T23:59:59Z", march1 + 86_399),
    ])
    func reads(_ row: Named<String, TimeInterval>) throws {
        let date = try #require(ISO8601Input.parse(row.input, timeZone: Self.zone))
        #expect(date.timeIntervalSince1970 == row.expected)
    }

    @Test("rejects", arguments: [
        Named("empty", "", ()),
        Named("words", "yesterday", ()),
        Named("unpadded month and day", "2026-3-1", ()),
        Named("month 13", "2026-13-01", ()),
        Named("month 0", "2026-00-10", ()),
        Named("day 0", "2026-03-00", ()),
        Named("February 30", "2026-02-30", ()),
        Named("February 29 outside a leap year", "2026-02-29", ()),
        Named("February 29 in 1900", "1900-02-29", ()),
        Named("April 31", "2026-04-31", ()),
        Named("hour 24", "2026-03-01T24:00", ()),
        Named("minute 60", "2026-03-01T08:60", ()),
        Named("second 60", "2026-03-01T08:00:60", ()),
        Named("hour only", "2026-03-01T08", ()),
        Named("T with nothing after", "2026-03-01T", ()),
        Named("junk after Z", "2026-03-01T08:00Zjunk", ()),
        Named("offset over 18 hours", "2026-03-01T08:00+19:00", ()),
        Named("offset minute 60", "2026-03-01T08:00+01:60", ()),
        Named("offset with a dangling colon", "2026-03-01T08:00+01:", ()),
        Named("empty fraction", "2026-03-01T08:00:00.Z", ()),
        Named("compact basic format", "20260301T080000Z", ()),
        Named("slashes", "2026/03/01", ()),
        Named("date with Z", "2026-03-01Z", ()),
    ])
    func rejects(_ row: Named<String, Void>) {
        #expect(ISO8601Input.parse(row.input, timeZone: Self.zone) == nil)
    }

    @Test("local time follows the zone's daylight saving")
    func daylightSaving() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let winter = try #require(ISO8601Input.parse("2026-01-15T08:00", timeZone: newYork))
        let summer = try #require(ISO8601Input.parse("2026-07-15T08:00", timeZone: newYork))
        #expect(winter == ISO8601Input.parse("2026-01-15T13:00Z", timeZone: newYork))
        #expect(summer == ISO8601Input.parse("2026-07-15T12:00Z", timeZone: newYork))
    }
}
