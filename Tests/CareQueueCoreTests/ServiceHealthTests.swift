import CareQueueCore
import Foundation
import Testing

/// `status`'s verdict from the facts: the monitoring-plugin levels and the phrases behind them.
@Suite("Service health: status levels")
struct ServiceHealthTests {
    static let now = Date(timeIntervalSince1970: 1_772_373_909)
    static let thresholds = CareQueueConfig.Status()

    static func beat(ago: TimeInterval, stoppedAgo: TimeInterval? = nil) -> Heartbeat {
        Heartbeat(address: "127.0.0.1:2575", pid: 42, startedAt: now.addingTimeInterval(-3600),
                  beatAt: now.addingTimeInterval(-ago), messagesToday: 3, lastMessageAt: nil,
                  stoppedAt: stoppedAgo.map { now.addingTimeInterval(-$0) })
    }

    static func assess(_ facts: ServiceFacts) -> ServiceAssessment {
        ServiceHealth.assess(facts, thresholds: thresholds, at: now)
    }

    @Test("the listener: running is OK; stopped, stale and never started are critical")
    func listener() {
        #expect(Self.assess(ServiceFacts(heartbeat: Self.beat(ago: 2))) == ServiceAssessment(level: .ok, problems: []))
        #expect(Self.assess(ServiceFacts(heartbeat: Self.beat(ago: 10))).level == .ok, "10 s is the edge, not yet stale")
        let stale = Self.assess(ServiceFacts(heartbeat: Self.beat(ago: 11)))
        #expect(stale == ServiceAssessment(level: .critical, problems: ["listener not beating since 2026-03-01T14:04:58Z (11 s)"]))
        let stopped = Self.assess(ServiceFacts(heartbeat: Self.beat(ago: 1, stoppedAgo: 1)))
        #expect(stopped == ServiceAssessment(level: .critical, problems: ["listener stopped at 2026-03-01T14:05:08Z"]))
        #expect(Self.assess(ServiceFacts(heartbeat: nil)).problems == ["no listener has run on this database"])
        #expect(ServiceFacts(heartbeat: nil).listenerState(at: Self.now) == .neverStarted)
    }

    @Test("warnings: backlogs over their thresholds, refusals, a silent feed, a certificate near its end")
    func warnings() {
        var facts = ServiceFacts(heartbeat: Self.beat(ago: 1))
        facts.reviewDepth = 10
        facts.outbox = OutboxSummary(waiting: 100, oldestWaitingAt: Self.now.addingTimeInterval(-900))
        facts.certificateExpiresAt = Self.now.addingTimeInterval(15 * 86_400)
        #expect(Self.assess(facts).level == .ok, "at the thresholds, not over them")

        facts.reviewDepth = 11
        facts.outbox = OutboxSummary(waiting: 101, oldestWaitingAt: Self.now.addingTimeInterval(-901), failed: 2)
        facts.feedSilence = 25 * 60
        facts.certificateExpiresAt = Self.now.addingTimeInterval(13 * 86_400)
        let assessed = Self.assess(facts)
        #expect(assessed.level == .warning)
        #expect(assessed.problems == [
            "TLS certificate expires in 13 d (2026-03-14T14:05:09Z)", "feed silent for 25 min", "review list 11 (over 10)",
            "outbox 101 waiting (over 100)", "outbox oldest waiting 15 min (over 15 min)", "outbox 2 refused by the EHR",
        ])
    }

    @Test("critical problems come before warnings; an expired certificate is critical")
    func worstFirst() {
        var facts = ServiceFacts(heartbeat: Self.beat(ago: 1, stoppedAgo: 60), reviewDepth: 50)
        facts.certificateExpiresAt = Self.now.addingTimeInterval(-1)
        let assessed = Self.assess(facts)
        #expect(assessed.level == .critical)
        #expect(assessed.problems == ["listener stopped at 2026-03-01T14:04:09Z", "TLS certificate expired at 2026-03-01T14:05:08Z",
                                      "review list 50 (over 10)"])
    }

    @Test("levels are the plugin exit codes")
    func exitCodes() {
        #expect([StatusLevel.ok, .warning, .critical, .unknown].map(\.rawValue) == [0, 1, 2, 3])
        #expect([StatusLevel.ok, .warning, .critical, .unknown].map(\.name) == ["OK", "WARNING", "CRITICAL", "UNKNOWN"])
    }
}
