import CareQueueCore
import Foundation
import Testing

@Suite("Age bands against the due window")
struct AgeBandTests {
    static let due = Date(timeIntervalSince1970: 1_790_000_000)
    static let windows = CareQueueConfig.Windows()

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var urgency: Urgency
        /// Seconds since the clock started.
        var elapsed: TimeInterval
        var level = 0
        var stopped = false
        var expected: AgeBand
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "critical at receipt → fresh", urgency: .critical, elapsed: 0, expected: .fresh),
        Case(name: "critical 14:59 → fresh", urgency: .critical, elapsed: 14 * 60 + 59, expected: .fresh),
        Case(name: "critical 15:00 (half) → halfway", urgency: .critical, elapsed: 15 * 60, expected: .halfway),
        Case(name: "critical 23:59 → halfway", urgency: .critical, elapsed: 23 * 60 + 59, expected: .halfway),
        Case(name: "critical 24:00 (last fifth) → due soon", urgency: .critical, elapsed: 24 * 60, expected: .dueSoon),
        Case(name: "critical 29:59 → due soon", urgency: .critical, elapsed: 29 * 60 + 59, expected: .dueSoon),
        Case(name: "critical 30:00 (due) → overdue", urgency: .critical, elapsed: 30 * 60, expected: .overdue),
        Case(name: "critical 59:59 → overdue", urgency: .critical, elapsed: 59 * 60 + 59, expected: .overdue),
        Case(name: "critical 60:00 (twice the window) → escalated", urgency: .critical, elapsed: 60 * 60, expected: .escalated),
        Case(name: "abnormal 11:59:59 → fresh", urgency: .abnormal, elapsed: 12 * 3600 - 1, expected: .fresh),
        Case(name: "abnormal 12:00:00 → halfway", urgency: .abnormal, elapsed: 12 * 3600, expected: .halfway),
        Case(name: "abnormal 19:12:00 → due soon", urgency: .abnormal, elapsed: 19 * 3600 + 12 * 60, expected: .dueSoon),
        Case(name: "abnormal 19:11:59 → halfway", urgency: .abnormal, elapsed: 19 * 3600 + 12 * 60 - 1, expected: .halfway),
        Case(name: "routine 57:35:59 → halfway", urgency: .routine, elapsed: 57 * 3600 + 36 * 60 - 1, expected: .halfway),
        Case(name: "routine 57:36:00 → due soon", urgency: .routine, elapsed: 57 * 3600 + 36 * 60, expected: .dueSoon),
        Case(name: "routine 72:00:00 → overdue", urgency: .routine, elapsed: 72 * 3600, expected: .overdue),
        Case(name: "level 1 adds nothing to a fresh clock", urgency: .routine, elapsed: 0, level: 1, expected: .fresh),
        Case(name: "level 2 is escalated even when fresh", urgency: .critical, elapsed: 60, level: 2, expected: .escalated),
        Case(name: "a stopped clock is fresh", urgency: .critical, elapsed: 45 * 60, stopped: true, expected: .fresh),
        Case(name: "a stopped clock at level 2 stays escalated", urgency: .critical, elapsed: 90 * 60, level: 2,
             stopped: true, expected: .escalated),
    ]

    @Test("bands at exact thresholds", arguments: cases)
    func band(_ c: Case) {
        let window = Self.windows.window(for: c.urgency)
        let start = Self.due.addingTimeInterval(-window)
        let band = AgeBand.of(dueAt: c.stopped ? nil : Self.due, urgency: c.urgency, windows: Self.windows,
                              escalationLevel: c.level, at: start.addingTimeInterval(c.elapsed))
        #expect(band == c.expected)
    }

    @Test("a configured window moves the thresholds")
    func configuredWindow() {
        var windows = CareQueueConfig.Windows()
        windows.critical = 10 * 60
        #expect(AgeBand.of(dueAt: Self.due, urgency: .critical, windows: windows, escalationLevel: 0,
                           at: Self.due.addingTimeInterval(-5 * 60)) == .halfway)
        #expect(AgeBand.of(dueAt: Self.due, urgency: .critical, windows: Self.windows, escalationLevel: 0,
                           at: Self.due.addingTimeInterval(-5 * 60)) == .dueSoon)
    }

    @Test("bands order from fresh to escalated")
    func order() {
        #expect(AgeBand.allCases == AgeBand.allCases.sorted())
        #expect(AgeBand.fresh < .escalated)
    }
}
