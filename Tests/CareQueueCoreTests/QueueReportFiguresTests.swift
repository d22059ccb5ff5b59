import CareQueueCore
import Foundation
import Testing
import TestSupport

/// The period figures against a fixture worked out by hand; the clock is the period's end.
@Suite("Report figures over a period")
struct QueueReportFiguresTests {
    static let to = Date(timeIntervalSince1970: 1_790_000_000)
    static let from = to.addingTimeInterval(-24 * 3600)
    static let period = ReportPeriod(from: from, to: to)
    static let minute: TimeInterval = 60
    static let hour: TimeInterval = 3600

    /// A task received `receivedAfter` the period's start, with `events` at offsets from receipt.
    static func task(_ urgency: Urgency, received receivedAfter: TimeInterval, npi: String? = TestNPI.a,
                     _ events: [(TimeInterval, ResultHandling.Event.Kind)] = [],
                     closed: (after: TimeInterval, outcome: CloseOutcome, note: String)? = nil) -> QueueReport.Task {
        let received = from.addingTimeInterval(receivedAfter)
        var seq: Int64 = 100 + Int64(receivedAfter)
        let history = ResultHandling(receivedAt: received, events: events.map { offset, kind in
            seq += 1
            return ResultHandling.Event(seq: seq, at: received.addingTimeInterval(offset), kind: kind)
        })
        let closure = closed.map { TaskClosure(at: received.addingTimeInterval($0.after), by: "sam", outcome: $0.outcome, note: $0.note) }
        return QueueReport.Task(assignedNPI: npi, urgency: urgency, status: closure == nil ? .open : .closed,
                                clockStartedAt: received, dueAt: nil, clockStoppedAt: nil, escalationLevel: 0,
                                closure: closure, history: history)
    }

    static let ack = ResultHandling.Event.Kind.action("ack")
    static let attempt = ResultHandling.Event.Kind.action("attempt")
    static let close = ResultHandling.Event.Kind.action("close")
    static let reassign = ResultHandling.Event.Kind.action("reassign")

    /// Worked by hand (critical window 30 min):
    /// - criticals: #1 within, #2 late (attempt at 40 min), #3 undecided (window still running),
    ///   #4 late (nothing done), #5 late (a reassignment is not an acknowledgement), #6 late (the
    ///   5-min ack was undone), #7 not counted (lab cancelled in time), #12 within (30 min from
    ///   the update that made it critical) → 2 of 6.
    /// - first actions: 600, 2400, 300, 2100, 3600, 3600, 600 → median 2100.
    /// - failed attempts 1 + 2 = 3 over 11 results → 272.7 per 1,000.
    /// - closes by people in the period: #8 and #9 documented, #10 blank → 2 of 3.
    static let fixture: [QueueReport.Task] = {
        let undoneSeq = 100 + Int64(5 * hour) + 1
        return [
            task(.critical, received: 1 * hour, [(10 * minute, ack)]),
            task(.critical, received: 2 * hour, [(40 * minute, attempt)]),
            task(.critical, received: 24 * hour - 10 * minute),
            task(.critical, received: 3 * hour),
            task(.critical, received: 4 * hour, [(5 * minute, reassign), (50 * minute, ack)]),
            task(.critical, received: 5 * hour, [(5 * minute, ack), (6 * minute, .undid(seq: undoneSeq)), (35 * minute, ack)]),
            task(.critical, received: 6 * hour, [(10 * minute, .cancelledByLab)],
                 closed: (10 * minute, .cancelledByLab, "cancelled by the lab (OBR-25 X)")),
            task(.routine, received: -1 * hour, [(2 * hour, close)], closed: (2 * hour, .reached, "reached patient")),
            task(.abnormal, received: 7 * hour, [(1 * hour, attempt), (2 * hour, attempt), (3 * hour, close)],
                 closed: (3 * hour, .reached, "reached")),
            task(.routine, received: 8 * hour, [(1 * hour, close)], closed: (1 * hour, .notNeeded, "  ")),
            task(.routine, received: 10 * hour, [(1 * hour, .cancelledByLab)],
                 closed: (1 * hour, .cancelledByLab, "cancelled by the lab (OBR-25 X)")),
            task(.critical, received: 9 * hour, [(10 * minute, ack), (2 * hour, .becameCritical), (2 * hour + 20 * minute, ack)]),
        ]
    }()

    @Test("the hand-computed fixture, per provider")
    func handComputed() throws {
        let rows = QueueReport.rows(tasks: Self.fixture, providers: [], period: Self.period, windows: .init())
        let figures = try #require(rows.first { $0.group == .provider(npi: TestNPI.a, name: nil) }?.figures)
        #expect(figures.results == 11)
        #expect(figures.criticalAcknowledgedWithinWindowRate == 0.3333)
        #expect(figures.medianFirstActionSeconds == 2100)
        #expect(figures.failedContactPer1000 == 272.7)
        #expect(figures.documentedCloseRate == 0.6667)
        #expect(rows.first?.figures.results == 0)
        #expect(rows.first?.figures.failedContactPer1000 == nil)
        #expect(rows.first?.figures.criticalAcknowledgedWithinWindowRate == nil)
    }

    @Test("a missing result is queue work but not a result received: the figures do not move, the open count does")
    func missingResultsAreNotResults() throws {
        var missing = Self.task(.critical, received: 2 * Self.hour)
        missing.isResult = false
        let before = QueueReport.rows(tasks: Self.fixture, providers: [], period: Self.period, windows: .init())
        let after = QueueReport.rows(tasks: Self.fixture + [missing], providers: [], period: Self.period, windows: .init())
        let figures = { (rows: [QueueReport.Row]) in rows.first { $0.group == .provider(npi: TestNPI.a, name: nil) }?.figures }
        #expect(figures(after)?.results == 11)
        #expect(figures(after)?.criticalAcknowledgedWithinWindowRate == figures(before)?.criticalAcknowledgedWithinWindowRate)
        #expect(figures(after)?.open == (figures(before)?.open ?? 0) + 1)
    }

    @Test("the same figures, per tier")
    func byTier() {
        let rows = QueueReport.rows(tasks: Self.fixture, providers: [], period: Self.period, windows: .init(), by: .tier)
        #expect(rows.map(\.group) == [.tier(.critical), .tier(.abnormal), .tier(.routine)])
        #expect(rows.map(\.figures.results) == [8, 1, 2])
        #expect(rows.map(\.figures.criticalAcknowledgedWithinWindowRate) == [0.3333, nil, nil])
        #expect(rows.map(\.figures.medianFirstActionSeconds) == [600, 3600, 3600])
        #expect(rows.map(\.figures.failedContactPer1000) == [125, 2000, 0])
        #expect(rows.map(\.figures.documentedCloseRate) == [nil, 1, 0.5])
        #expect(rows[0].groupFields == ["critical"])
    }

    @Test("as of an earlier end: later actions have not happened, later windows have not ended")
    func earlierEnd() throws {
        let end = Self.from.addingTimeInterval(2 * Self.hour + 20 * Self.minute)
        let rows = QueueReport.rows(tasks: Self.fixture, providers: [], period: ReportPeriod(from: Self.from, to: end),
                                    windows: .init(), by: .tier)
        // Criticals received by then: #1 (within) and #2 (its window ended at 2:30, still running).
        #expect(rows[0].figures.results == 2)
        #expect(rows[0].figures.criticalAcknowledgedWithinWindowRate == 1)
        #expect(rows[0].figures.medianFirstActionSeconds == 600)
    }

    @Test("critical acknowledgement verdicts", arguments: [
        Named("ack before the window ends", [(29 * minute + 59, ack)], CriticalAcknowledgement.Verdict.within),
        Named("ack at the window's end is late", [(30 * minute, ack)], .late),
        Named("a first attempt acknowledges", [(1 * minute, attempt)], .within),
        Named("a close acknowledges", [(1 * minute, close)], .within),
        Named("a reassignment does not", [(1 * minute, reassign)], .late),
        Named("nothing yet, window over", [], .late),
        Named("lab cancelled in time", [(1 * minute, .cancelledByLab)], .notCounted),
        Named("lab cancelled after the window", [(31 * minute, .cancelledByLab)], .late),
        Named("raised to critical after the end", [(48 * hour, .becameCritical)], .notCounted),
    ] as [Named<[(TimeInterval, ResultHandling.Event.Kind)], CriticalAcknowledgement.Verdict>])
    func verdicts(_ c: Named<[(TimeInterval, ResultHandling.Event.Kind)], CriticalAcknowledgement.Verdict>) {
        let history = Self.task(.critical, received: 0, c.input).history
        #expect(history.criticalAcknowledgement(window: 30 * Self.minute, at: Self.from.addingTimeInterval(Self.hour)) == c.expected)
    }

    @Test("by coordinator: a task counts for each coordinator of its provider; unnamed queues have their own row")
    func byCoordinator() {
        let providers = [
            Provider(npi: TestNPI.a, name: "Dr Ada Chen", role: .physician, coordinators: ["cal", "dee"]),
            Provider(npi: TestNPI.b, name: "Nia Park, NP", role: .np, coordinators: ["dee"]),
            Provider(npi: TestNPI.c, name: "Dr Cy Ode", role: .physician),
            Provider(npi: TestNPI.d, name: "Cal Reyes", role: .coordinator, login: "cal"),
        ]
        let tasks = [Self.task(.routine, received: 1 * Self.hour), Self.task(.routine, received: 2 * Self.hour, npi: TestNPI.b),
                     Self.task(.routine, received: 3 * Self.hour, npi: TestNPI.c), Self.task(.routine, received: 4 * Self.hour, npi: nil)]
        let rows = QueueReport.rows(tasks: tasks, providers: providers, period: Self.period, windows: .init(), by: .coordinator)
        #expect(rows.map(\.group) == [.coordinator(login: nil, name: nil), .coordinator(login: "cal", name: "Cal Reyes"),
                                      .coordinator(login: "dee", name: nil)])
        #expect(rows.map(\.figures.results) == [2, 1, 2])
        #expect(rows.map(\.groupFields) == [["", ""], ["cal", "Cal Reyes"], ["dee", ""]])
    }

    typealias PeriodCase = Named<[TimeInterval?], ReportPeriod?>
    static let periodCases: [PeriodCase] = [
        PeriodCase("defaults", [nil, nil], ReportPeriod(from: to.addingTimeInterval(-24 * hour), to: to)),
        PeriodCase("to only", [nil, -hour], ReportPeriod(from: to.addingTimeInterval(-25 * hour), to: to.addingTimeInterval(-hour))),
        PeriodCase("from only", [-2 * hour, nil], ReportPeriod(from: to.addingTimeInterval(-2 * hour), to: to)),
        PeriodCase("from after to", [-hour, -2 * hour], nil),
        PeriodCase("from equal to to", [-hour, -hour], nil),
    ]

    @Test("the period: defaults to the 24 h before now; from must come before to", arguments: periodCases)
    func period(_ c: PeriodCase) {
        let resolved = ReportPeriod.resolve(from: c.input[0].map(Self.to.addingTimeInterval),
                                            to: c.input[1].map(Self.to.addingTimeInterval), now: Self.to)
        #expect(resolved == c.expected)
    }

    @Test("queues are named one way everywhere", arguments: [
        Named<String?, String>("on the roster", TestNPI.a, "Dr Ada Chen (NPI \(TestNPI.a))"),
        Named<String?, String>("not on the roster", TestNPI.b, "NPI \(TestNPI.b) (not on the roster)"),
        Named<String?, String>("Unassigned", nil, "Unassigned"),
    ])
    func queueLabel(_ c: Named<String?, String>) {
        #expect(QueueLabel.queue(c.input, names: [TestNPI.a: "Dr Ada Chen"]) == c.expected)
    }
}
