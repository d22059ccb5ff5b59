import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("The charge nurse's digest")
struct QueueReportTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let day = ReportPeriod(from: now.addingTimeInterval(-24 * 3600), to: now)
    static let providers = [
        Provider(npi: TestNPI.a, name: "Dr Ada Chen", role: .physician),
        Provider(npi: TestNPI.b, name: "Nia Park, NP", role: .np),
        Provider(npi: TestNPI.c, name: "Cal Reyes", role: .coordinator),
    ]

    static func task(_ npi: String?, _ urgency: Urgency = .abnormal, status: TaskStatus = .open, age: TimeInterval,
                     stoppedAfter: TimeInterval? = nil, level: Int = 0) -> QueueReport.Task {
        let started = now.addingTimeInterval(-age)
        let window = CareQueueConfig.Windows().window(for: urgency)
        return QueueReport.Task(assignedNPI: npi, urgency: urgency, status: status, clockStartedAt: started,
                                dueAt: stoppedAfter == nil ? started.addingTimeInterval(window) : nil,
                                clockStoppedAt: stoppedAfter.map { started.addingTimeInterval($0) }, escalationLevel: level)
    }

    @Test("Unassigned first, then every provider with a queue by NPI; coordinators have none")
    func rowsAndOrder() {
        let rows = QueueReport.rows(tasks: [Self.task(TestNPI.e, age: 60)], providers: Self.providers, period: Self.day,
                                    windows: .init())
        #expect(rows.map(\.group) == [.provider(npi: nil, name: nil), .provider(npi: TestNPI.e, name: nil),
                                      .provider(npi: TestNPI.b, name: "Nia Park, NP"), .provider(npi: TestNPI.a, name: "Dr Ada Chen")])
        #expect(rows.map { $0.groupFields[1] } == ["Unassigned", TestNPI.e, "Nia Park, NP", "Dr Ada Chen"])
        #expect(rows[0].figures == QueueReport.Figures())
    }

    @Test("open, overdue at the due instant, critical open, escalated, oldest and median age")
    func counts() throws {
        let tasks = [
            Self.task(TestNPI.a, .critical, age: 30 * 60, level: 1),          // due exactly now: overdue
            Self.task(TestNPI.a, .critical, age: 29 * 60 + 59),                // not yet
            Self.task(TestNPI.a, .abnormal, status: .acknowledged, age: 100, stoppedAfter: 50),
            Self.task(TestNPI.a, .routine, status: .closed, age: 999_999),    // closed: not open
            Self.task(TestNPI.a, .abnormal, age: 3 * 24 * 3600, level: 2),
        ]
        let row = try #require(QueueReport.rows(tasks: tasks, providers: Self.providers, period: Self.day, windows: .init())
            .first { $0.group == .provider(npi: TestNPI.a, name: "Dr Ada Chen") }?.figures)
        #expect(row.open == 4)
        #expect(row.overdue == 2)
        #expect(row.criticalOpen == 2)
        #expect(row.escalated == 2)
        #expect(row.oldestAgeSeconds == 3 * 24 * 3600)
        #expect(row.medianAgeSeconds == (29 * 60 + 59 + 30 * 60) / 2)
    }

    @Test("within-window rate: clocks stopped in the period, stopped before due", arguments: [
        Named("none stopped", [QueueReport.Task](), nil as Double?),
        Named("stopped before due", [task(TestNPI.a, .critical, status: .acknowledged, age: 3600, stoppedAfter: 29 * 60 + 59)], 1),
        Named("stopped at the due instant is late", [task(TestNPI.a, .critical, status: .acknowledged, age: 3600, stoppedAfter: 30 * 60)], 0),
        Named("two of three in time", [
            task(TestNPI.a, .abnormal, status: .closed, age: 3600, stoppedAfter: 60),
            task(TestNPI.a, .routine, status: .closed, age: 3600, stoppedAfter: 60),
            task(TestNPI.a, .critical, status: .closed, age: 7200, stoppedAfter: 3600),
        ], 0.6667),
        Named("stopped before the period is not counted", [
            task(TestNPI.a, .abnormal, status: .closed, age: 48 * 3600, stoppedAfter: 20 * 3600),
        ], nil),
    ])
    func rate(_ c: Named<[QueueReport.Task], Double?>) throws {
        let row = try #require(QueueReport.rows(tasks: c.input, providers: Self.providers, period: Self.day, windows: .init())
            .first { $0.group == .provider(npi: TestNPI.a, name: "Dr Ada Chen") }?.figures)
        #expect(row.withinWindowRate == c.expected)
    }

    @Test("CSV fields line up with the columns")
    func csvFields() throws {
        for grouping in QueueReport.Grouping.allCases {
            let rows = QueueReport.rows(tasks: [], providers: [], period: Self.day, windows: .init(), by: grouping)
            #expect(rows.allSatisfy { $0.fields.count == QueueReport.Row.columns(grouping).count })
        }
        let rows = QueueReport.rows(tasks: [], providers: [], period: Self.day, windows: .init())
        #expect(rows[0].fields == ["", "Unassigned", "true", "0", "0", "0", "0", "", "", "", "0", "", "", "", ""])
    }

    @Test("CSV quoting follows RFC 4180", arguments: [
        Named("plain", ["a", "b"], "a,b\r\n"),
        Named("comma", ["Patel, Anika", "1"], "\"Patel, Anika\",1\r\n"),
        Named("quote", ["say \"hi\""], "\"say \"\"hi\"\"\"\r\n"),
        Named("newline", ["two\nlines", ""], "\"two\nlines\",\r\n"),
    ])
    func csv(_ c: Named<[String], String>) {
        #expect(CSVWriting.record(c.input) == c.expected)
    }
}
