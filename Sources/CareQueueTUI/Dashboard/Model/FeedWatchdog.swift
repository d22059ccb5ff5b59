import CareQueueCore
import Foundation

/// Notices a silent feed: no message for longer than `silentAfter` while the clinic is open.
///
/// Silence is counted from the later of the last message and the moment the clinic last opened,
/// so a quiet night does not raise the alarm the minute the doors open.
public struct FeedWatchdog: Equatable, Sendable {
    /// Opening hours; nil means always open.
    public var hours: ClinicHours?
    public var silentAfter: TimeInterval
    /// The clinic's local time zone, for its hours.
    public var timeZone: TimeZone

    public init(hours: ClinicHours?, silentAfter: TimeInterval, timeZone: TimeZone) {
        self.hours = hours
        self.silentAfter = silentAfter
        self.timeZone = timeZone
    }

    /// How long the feed has been silent during opening hours, when that is longer than
    /// `silentAfter`; nil otherwise (closed, no listener, or a message recently).
    ///
    /// - Parameters:
    ///   - lastMessageAt: the heartbeat's last message; nil when none arrived since `listenerStartedAt`.
    ///   - listenerStartedAt: when the listener started; nil when no listener has run (the header says so).
    public func silence(lastMessageAt: Date?, listenerStartedAt: Date?, at now: Date) -> TimeInterval? {
        guard let since = lastMessageAt ?? listenerStartedAt else { return nil }
        var from = since
        if let hours {
            guard hours.contains(now, timeZone: timeZone) else { return nil }
            from = max(from, openedAt(hours, before: now))
        }
        let silence = now.timeIntervalSince(from)
        return silence > silentAfter ? silence : nil
    }

    /// The start of the opening period `now` is in.
    private func openedAt(_ hours: ClinicHours, before now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        let today = calendar.date(byAdding: .minute, value: hours.opensAt, to: midnight) ?? midnight
        if today <= now { return today }
        let yesterday = calendar.date(byAdding: .day, value: -1, to: midnight) ?? midnight
        return calendar.date(byAdding: .minute, value: hours.opensAt, to: yesterday) ?? yesterday
    }
}

extension DashboardState {
    /// How long the feed has been silent, when the watchdog says that is too long.
    public var feedSilence: TimeInterval? {
        guard let beat = overview.heartbeat else { return nil }
        return settings.watchdog.silence(lastMessageAt: beat.lastMessageAt, listenerStartedAt: beat.startedAt, at: now)
    }

    /// "no message for 25m (clinic hours 07:00-19:00)", for the header and the ticker.
    public var feedSilenceText: String? {
        feedSilence.map { silence in
            let hours = settings.watchdog.hours.map { "clinic hours \($0)" } ?? "always open"
            return "FEED SILENT: no message for \(AgeText.compact(silence)) (\(hours))"
        }
    }
}
