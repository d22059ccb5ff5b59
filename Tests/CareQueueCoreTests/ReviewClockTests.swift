import CareQueueCore
import Foundation
import Testing

@Suite("The review clock: review-list messages left open escalate to the coordinators")
struct ReviewClockTests {
    static let start = EscalationTests.start
    static let subject = ReviewClockSubject(messageID: 12, receivedAt: start, sender: "LAB / HOSP", peer: "10.0.0.5:5000",
                                            ackCode: "AR", reason: "processing id \"T\" is not accepted here")

    @Test("nothing a second before the window, level 1 to the coordinators at the instant", arguments: [
        (3599.0, false), (3600.0, true), (7200.0, true),
    ])
    func boundary(elapsed: TimeInterval, due: Bool) throws {
        let step = ReviewClock.due(for: Self.subject, at: Self.start.addingTimeInterval(elapsed), window: 3600,
                                   roster: EscalationTests.roster)
        #expect((step != nil) == due)
        guard let step else { return }
        #expect(step.messageID == 12 && step.level == 1)
        #expect(step.dueAt == Self.start.addingTimeInterval(3600), "due at receipt + window, whenever recorded")
        #expect(step.target == "care coordinators")
        #expect(step.targetNPIs == ["1003000126", "1093817818"])
        #expect(step.reason == "Refused message 12 from LAB / HOSP open 1 h: processing id \"T\" is not accepted here")
    }

    @Test("the configured window counts, in days too")
    func configuredWindow() {
        let day = 86_400.0
        #expect(ReviewClock.due(for: Self.subject, at: Self.start.addingTimeInterval(2 * day - 1), window: 2 * day,
                                roster: EscalationTests.roster) == nil)
        #expect(ReviewClock.due(for: Self.subject, at: Self.start.addingTimeInterval(2 * day), window: 2 * day,
                                roster: EscalationTests.roster)?.reason.contains("open 2 d") == true)
    }

    @Test("the network's words are escaped and capped; no sender names the peer; no tasks is said so")
    func hostileReason() {
        var subject = Self.subject
        subject.sender = ""
        subject.ackCode = "AA"
        subject.reason = "ring\u{07}\u{1B}[31m" + String(repeating: "x", count: 300)
        let reason = ReviewClock.reason(subject, window: 3600)
        #expect(reason.hasPrefix("Message 12 (no tasks made) from 10.0.0.5:5000 open 1 h: ring\\x07\\x1B[31mxxx"))
        #expect(!reason.unicodeScalars.contains { $0.value < 0x20 })
        #expect(reason.hasSuffix("…"))
        #expect(reason.count < 160, "\(reason.count)")
    }

    @Test("an empty roster still records, to nobody by NPI")
    func noCoordinators() {
        let step = ReviewClock.due(for: Self.subject, at: Self.start.addingTimeInterval(3600), window: 3600, roster: Roster())
        #expect(step?.targetNPIs == [])
    }
}
