import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Silent-feed watchdog")
struct FeedWatchdogTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let hours = ClinicHours(parsing: "07:00-19:00")
    static let watchdog = FeedWatchdog(hours: hours, silentAfter: 20 * 60, timeZone: utc)

    /// 2026-03-02 at `time` UTC; "-1 18:30" is the day before.
    static func at(_ time: String) -> Date {
        let dayBefore = time.hasPrefix("-1 ")
        let parts = time.dropFirst(dayBefore ? 3 : 0).split(separator: ":").map { Double($0)! }
        return Date(timeIntervalSince1970: 1_772_409_600 - (dayBefore ? 86_400 : 0) + parts[0] * 3600 + parts[1] * 60
                    + (parts.count > 2 ? parts[2] : 0))
    }

    /// To the second: calendar arithmetic may leave a fraction of a microsecond.
    static func seconds(_ interval: TimeInterval?) -> TimeInterval? { interval.map { $0.rounded() } }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var last: String?
        var started: String?
        var now: String
        var silence: TimeInterval?
        var testDescription: String { name }
    }

    @Test("silent only for longer than silent_after, and only while open", arguments: [
        Case(name: "a message 20 min ago exactly: not yet", last: "09:40", started: "06:00", now: "10:00", silence: nil),
        Case(name: "20 min 1 s: silent", last: "09:40", started: "06:00", now: "10:00:01", silence: 20 * 60 + 1),
        Case(name: "recent message", last: "09:59", started: "06:00", now: "10:00", silence: nil),
        Case(name: "closed hours never warn", last: "12:00", started: "06:00", now: "19:00", silence: nil),
        Case(name: "last open minute warns", last: "12:00", started: "06:00", now: "18:59", silence: 6 * 3600 + 59 * 60),
        Case(name: "silence counts from opening, not overnight", last: "-1 18:30", started: "-1 06:00", now: "07:20", silence: nil),
        Case(name: "…and warns 20 min after opening", last: "-1 18:30", started: "-1 06:00", now: "07:20:01", silence: 20 * 60 + 1),
        Case(name: "no message yet: from the listener's start", last: nil, started: "09:00", now: "09:30", silence: 30 * 60),
        Case(name: "no listener ever: the header says so instead", last: nil, started: nil, now: "12:00", silence: nil),
    ])
    func boundaries(_ example: Case) {
        let silence = Self.watchdog.silence(lastMessageAt: example.last.map(Self.at),
                                            listenerStartedAt: example.started.map(Self.at), at: Self.at(example.now))
        #expect(Self.seconds(silence) == example.silence)
    }

    @Test("hours past midnight: open at 02:00 after a 22:00 opening, silence counted from 22:00")
    func overnightHours() {
        let night = FeedWatchdog(hours: ClinicHours(parsing: "22:00-06:00"), silentAfter: 600, timeZone: Self.utc)
        let lastEvening = Self.at("-1 21:00")
        // 02:00 on the 2nd belongs to the night that opened at 22:00 on the 1st.
        #expect(Self.seconds(night.silence(lastMessageAt: lastEvening, listenerStartedAt: nil, at: Self.at("02:00")))
                == TimeInterval(4 * 3600))
        #expect(night.silence(lastMessageAt: Self.at("12:00"), listenerStartedAt: nil, at: Self.at("12:00")) == nil)
    }

    @Test("always open without hours")
    func alwaysOpen() {
        let always = FeedWatchdog(hours: nil, silentAfter: 600, timeZone: Self.utc)
        #expect(always.silence(lastMessageAt: Self.at("01:00"), listenerStartedAt: nil, at: Self.at("03:00")) == 7200)
    }

    @Test("the header warns and the ticker leads with it; a fresh feed shows neither")
    func headerAndTicker() {
        var state = DashboardFixture.state(size: GridSize(width: 120, height: 40))
        state.settings.watchdog = FeedWatchdog(hours: nil, silentAfter: 20 * 60, timeZone: Self.utc)
        let fresh = DashboardView.render(state, size: state.size)
        #expect(!fresh.lines.joined().contains("FEED SILENT"))
        state.overview.heartbeat?.lastMessageAt = state.now.addingTimeInterval(-25 * 60)
        let grid = DashboardView.render(state, size: state.size)
        let lines = grid.lines
        #expect(lines[0].contains("⚠ FEED SILENT 25m"))
        #expect(lines[38].contains("FEED SILENT: no message for 25m (always open)"))
    }
}


