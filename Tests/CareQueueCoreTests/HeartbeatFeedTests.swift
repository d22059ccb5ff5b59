import CareQueueCore
import Foundation
import Testing

/// The feed a dashboard's header and watchdog read when several hosts' listeners beat (PostgreSQL).
@Suite("Heartbeat: the feed of several listeners")
struct HeartbeatFeedTests {
    static let now = Date(timeIntervalSince1970: 1_772_373_909)

    static func beat(_ host: String, today: Int, lastAgo: TimeInterval?, startedAgo: TimeInterval = 3600,
                     beatAgo: TimeInterval = 1, stoppedAgo: TimeInterval? = nil) -> Heartbeat {
        Heartbeat(address: "\(host):2575", pid: 42, startedAt: now.addingTimeInterval(-startedAgo),
                  beatAt: now.addingTimeInterval(-beatAgo), messagesToday: today,
                  lastMessageAt: lastAgo.map { now.addingTimeInterval(-$0) },
                  stoppedAt: stoppedAgo.map { now.addingTimeInterval(-$0) }, host: host)
    }

    @Test("running listeners: messages today added up, the latest message and the earliest start of any; the first's address")
    func running() {
        let feed = Heartbeat.feed(of: [Self.beat("app1", today: 9, lastAgo: 1800, startedAgo: 600),
                                       Self.beat("app2", today: 4, lastAgo: 5, startedAgo: 7200, beatAgo: 2)], at: Self.now)
        #expect(feed?.address == "app1:2575")
        #expect(feed?.messagesToday == 13)
        #expect(feed?.lastMessageAt == Self.now.addingTimeInterval(-5), "app2 receives: the feed is not silent")
        #expect(feed?.startedAt == Self.now.addingTimeInterval(-7200))
    }

    @Test("one listener, or only the first running: that heartbeat as it is; none: nil")
    func alone() {
        let one = Self.beat("app1", today: 9, lastAgo: 30)
        #expect(Heartbeat.feed(of: [one], at: Self.now) == one)
        let stopped = Self.beat("app2", today: 4, lastAgo: 5, stoppedAgo: 60)
        let stale = Self.beat("app3", today: 2, lastAgo: 1, beatAgo: 60)
        #expect(Heartbeat.feed(of: [one, stopped, stale], at: Self.now) == one, "stopped and stale hosts receive nothing")
        #expect(Heartbeat.feed(of: [stopped, stale], at: Self.now) == stopped)
        #expect(Heartbeat.feed(of: [], at: Self.now) == nil)
    }
}
