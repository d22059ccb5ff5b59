import CareQueueCore
import Foundation
import Testing

@Suite("Timestamps and age text")
struct TimeTextTests {
    @Test("ISO 8601 UTC round trip", arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (1_790_000_000, "2026-09-21T14:13:20Z"), (-1, "1969-12-31T23:59:59Z"), (1_790_000_000.9, "2026-09-21T14:13:20Z"),
    ])
    func iso(_ seconds: Double, _ text: String) {
        #expect(Timestamp.iso(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("malformed timestamps are rejected", arguments: ["", "2026-09-21 14:13:20Z", "2026-13-01T00:00:00Z", "2026-09-21T14:13:20+01:00"])
    func malformed(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("short spans", arguments: [(0.0, "0 s"), (59, "59 s"), (720, "12 min"), (3600, "1 h"), (3900, "1 h 05 min"), (90_000, "1 d 1 h"), (172_800, "2 d")])
    func short(_ seconds: Double, _ text: String) {
        #expect(AgeText.short(seconds) == text)
    }

    @Test("compact spans", arguments: [(45.0, "45s"), (720, "12m"), (8040, "2h14"), (266_400, "3d02"), (-600, "-10m")])
    func compact(_ seconds: Double, _ text: String) {
        #expect(AgeText.compact(seconds) == text)
    }
}
