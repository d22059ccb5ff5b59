import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("Duration text")
struct DurationTextTests {
    @Test("reads a number and a unit", arguments: [
        Named("seconds", "45s", 45.0),
        Named("minutes", "30m", 1_800.0),
        Named("hours", "24h", 86_400.0),
        Named("days", "7d", 604_800.0),
        Named("combined", "1h30m", 5_400.0),
        Named("every unit", "1d2h3m4s", 93_784.0),
        Named("zero", "0s", 0.0),
        Named("leading zeros", "05m", 300.0),
        Named("large count", "1000d", 86_400_000.0),
    ])
    func valid(_ row: Named<String, TimeInterval>) {
        #expect(DurationText.parse(row.input) == row.expected)
    }

    @Test("rejects anything else", arguments: [
        Named("empty", "", ()),
        Named("number without unit", "30", ()),
        Named("unit without number", "m", ()),
        Named("decimal", "1.5h", ()),
        Named("space before unit", "30 m", ()),
        Named("negative", "-5m", ()),
        Named("unknown unit", "5x", ()),
        Named("upper-case unit", "5M", ()),
        Named("units out of order", "30m1h", ()),
        Named("repeated unit", "1h1h", ()),
        Named("trailing number", "1h30", ()),
        Named("non-ASCII digit", "５m", ()),
        Named("overflow", "99999999999999999999d", ()),
        Named("overflowing multiplication", "999999999999999d", ()),
    ])
    func invalid(_ row: Named<String, Void>) {
        #expect(DurationText.parse(row.input) == nil)
    }

    @Test("formats compactly", arguments: [
        Named("zero", 0.0, "0s"),
        Named("seconds", 45.0, "45s"),
        Named("whole minutes", 1_800.0, "30m"),
        Named("hour and a half", 5_400.0, "1h30m"),
        Named("a day", 86_400.0, "1d"),
        Named("every unit", 90_061.0, "1d1h1m1s"),
        Named("rounds to whole seconds", 59.6, "1m"),
        Named("negative", -90.0, "-1m30s"),
    ])
    func format(_ row: Named<TimeInterval, String>) {
        #expect(DurationText.format(row.input) == row.expected)
    }

    @Test("format and parse round-trip", arguments: [1.0, 59, 60, 3_599, 3_600, 86_399, 86_401, 1_209_600])
    func roundTrip(_ seconds: TimeInterval) {
        #expect(DurationText.parse(DurationText.format(seconds)) == seconds)
    }

    @Test("log text: milliseconds below a second, seconds below a minute, else the compact form", arguments: [
        Named("a quarter second", 0.25, "250 ms"),
        Named("just under a second", 0.9994, "999 ms"),
        Named("a second", 1.0, "1 s"),
        Named("rounds to a second", 0.9996, "1 s"),
        Named("45 seconds", 45.0, "45 s"),
        Named("two and a half seconds", 2.5, "2.5 s"),
        Named("a minute and a half", 90.0, "1m30s"),
    ])
    func forLog(_ row: Named<TimeInterval, String>) {
        #expect(DurationText.forLog(row.input) == row.expected)
    }
}
