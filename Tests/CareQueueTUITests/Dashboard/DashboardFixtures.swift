import CareQueueCore
import CareQueueTUI
import Foundation
import Synchronization

/// Fixed data for the dashboard tests: a clock, a clinic, queues and tasks whose names break naive
/// width handling (患者, Müller, a decomposed é) and one field carrying an escape sequence.
enum DashboardFixture {
    /// 2026-03-01 14:05:09 UTC.
    static let now = Date(timeIntervalSince1970: 1_772_373_909)
    static let utc = TimeZone(identifier: "UTC")!
    static let chen = "1234567893"
    static let okafor = "1245319599"
    static let park = "1679576722"
    static let windows = CareQueueConfig.Windows()

    static let settings = DashboardSettings(clinicName: "Clinic North", user: "jdoe", windows: windows, timeZone: utc,
                                            listener: .running(address: "127.0.0.1:2575"))

    static func minutes(_ value: Double) -> TimeInterval { value * 60 }

    /// A task received `age` seconds before `now`, its clock running unless `stopped`.
    static func task(_ id: Int64, _ urgency: Urgency, patient: String, mrn: String, test: String, value: String,
                     units: String = "", flags: [String] = [], age: TimeInterval, status: TaskStatus = .open,
                     stopped: Bool = false, level: Int = 0, attempts: Int = 0, assigned: String? = chen,
                     covering: String? = nil) -> TaskListItem {
        let received = now.addingTimeInterval(-age)
        let due = stopped ? nil : received.addingTimeInterval(windows.window(for: urgency))
        let observation = TaskListItem.ObservationItem(code: "2823-3", text: test, value: value, units: units,
                                                       range: "3.5-5.1", flags: flags, status: "F")
        return TaskListItem(
            id: id, status: status, urgency: urgency, mrn: mrn, patient: patient, orderingNPI: covering ?? assigned,
            assignedNPI: assigned, test: test, observations: [observation], resultStatus: "F", receivedAt: received,
            dueAt: due, escalationLevel: level, attempts: attempts, controlID: "CTRL\(id)",
            urgencyReason: urgency == .routine ? "no abnormal flags" : "flag \(flags.joined(separator: ",")) on \(test)",
            dob: "1950-03-02", phone: "(555) 010-\(1000 + id)", coveringForNPI: covering,
            routing: covering.map { "Dr Ada Chen covering for \($0), matched NPI in OBR-16" } ?? "matched NPI in OBR-16",
            reopened: false, retractionReview: false)
    }

    /// Dr Chen's queue, most urgent first.
    static let chenTasks: [TaskListItem] = [
        task(42, .critical, patient: "Müller, Anna", mrn: "M-100234", test: "Potassium", value: "6.8", units: "mmol/L",
             flags: ["HH"], age: minutes(41), level: 1),
        task(57, .critical, patient: "山田, 患者", mrn: "JP-7781", test: "Troponin I", value: "2.1", units: "ng/mL",
             flags: ["HH"], age: minutes(65), status: .acknowledged, stopped: true, level: 1),
        task(51, .abnormal, patient: "García, José", mrn: "G-5512", test: "Hemoglobin", value: "9.1", units: "g/dL",
             flags: ["L"], age: minutes(25 * 60), level: 1, attempts: 2),
        task(60, .abnormal, patient: "Nguyễn, Thị Hoa", mrn: "N-0042", test: "TSH", value: "7.9", units: "mIU/L",
             flags: ["H"], age: minutes(20 * 60 + 30), covering: okafor),
        task(63, .abnormal, patient: "Pe\u{301}rez, José", mrn: "P-3303", test: "Glucose", value: "182", units: "mg/dL",
             flags: ["H"], age: minutes(13 * 60)),
        task(70, .routine, patient: "O'Brien, Seán", mrn: "B-0070", test: "Lipid panel", value: "190", units: "mg/dL",
             age: minutes(130)),
        task(71, .routine, patient: "Evil\u{1B}[31mName, Test\u{07}", mrn: "X-0071", test: "CBC\u{1B}]0;pwned\u{07}",
             value: "normal", age: minutes(5)),
    ]

    static let unassignedTasks: [TaskListItem] = [
        task(80, .routine, patient: "Doe, Jane", mrn: "D-0080", test: "Glucose", value: "92", units: "mg/dL",
             flags: ["N"], age: minutes(5), level: 1, assigned: nil),
    ]

    static let okaforTasks: [TaskListItem] = [
        task(90, .routine, patient: "Smith, John", mrn: "S-0090", test: "Vitamin D", value: "31", units: "ng/mL",
             age: minutes(300), assigned: okafor),
    ]

    static let names = [chen: "Dr Ada Chen", okafor: "Dr Bo Okafor", park: "Nia Park, NP"]

    static let overview = DashboardOverview(
        queues: [
            QueueSummary(key: .unassigned, name: "Unassigned", open: 1, overdue: 0, critical: 0),
            QueueSummary(key: .provider(npi: chen), name: "Dr Ada Chen", open: 7, overdue: 2, critical: 2),
            QueueSummary(key: .provider(npi: okafor), name: "Dr Bo Okafor", open: 1, overdue: 0, critical: 0),
            QueueSummary(key: .provider(npi: park), name: "Nia Park, NP", open: 0, overdue: 0, critical: 0),
        ],
        providerNames: names,
        heartbeat: Heartbeat(address: "127.0.0.1:2575", pid: 4242, startedAt: now.addingTimeInterval(-3600),
                             beatAt: now.addingTimeInterval(-2), messagesToday: 42,
                             lastMessageAt: now.addingTimeInterval(-3)),
        reviewCount: 2,
        ticker: [
            TickerItem(taskID: 42, at: now.addingTimeInterval(-minutes(11)), level: 1, target: "care coordinators",
                       reason: "critical not acted on within 30 min", urgency: .critical, patient: "Müller, Anna",
                       test: "Potassium", queueName: "Dr Ada Chen"),
            TickerItem(taskID: 57, at: now.addingTimeInterval(-minutes(35)), level: 1, target: "care coordinators",
                       reason: "critical not acted on within 30 min", urgency: .critical, patient: "山田, 患者",
                       test: "Troponin I", queueName: "Dr Ada Chen"),
            TickerItem(taskID: 51, at: now.addingTimeInterval(-minutes(60)), level: 1, target: "care coordinators",
                       reason: "abnormal not acted on within 24 h", urgency: .abnormal, patient: "García, José",
                       test: "Hemoglobin", queueName: "Dr Ada Chen"),
        ])

    static let history = TaskHistory(
        attempts: [],
        escalations: [HistoryLine(at: now.addingTimeInterval(-minutes(11)), who: "carequeue",
                                  what: "level 1 → care coordinators: critical not acted on within 30 min")],
        audit: [HistoryLine(at: now.addingTimeInterval(-minutes(41)), who: "carequeue", what: "ingest: task created")])

    /// Fake store holding the fixture's queues.
    static func data() -> FakeDashboardData {
        FakeDashboardData(overview: overview, queues: [
            .unassigned: unassignedTasks, .provider(npi: chen): chenTasks, .provider(npi: okafor): okaforTasks,
            .provider(npi: park): [],
        ], history: [42: history])
    }

    /// The dashboard on Dr Chen's queue, loaded, with the second row selected.
    static func state(size: GridSize, cursor: Int = 1) -> DashboardState {
        var state = DashboardState(settings: settings, now: now, size: size)
        let data = data()
        _ = Dashboard.update(&state, .overviewLoaded(overview))
        state.selectedQueue = .provider(npi: chen)
        let page = try! data.queuePage(.provider(npi: chen), offset: 0, limit: state.visibleRows, at: now)
        _ = Dashboard.update(&state, .pageLoaded(page))
        state.cursor = cursor
        return state
    }

    /// `state` after `keys`, with the effects each key asked for.
    static func press(_ keys: [Key], on state: inout DashboardState) -> [DashboardEffect] {
        keys.flatMap { Dashboard.update(&state, .keyPressed($0)) }
    }

    static func type(_ text: String) -> [Key] { text.map { Key.character($0) } }
}

/// A store made of arrays; records what was read.
final class FakeDashboardData: DashboardData, @unchecked Sendable {
    var overviewValue: DashboardOverview
    var queues: [QueueKey: [TaskListItem]]
    var history: [Int64: TaskHistory]
    var failure: (any Error)?
    private(set) var reads: [String] = []

    init(overview: DashboardOverview, queues: [QueueKey: [TaskListItem]], history: [Int64: TaskHistory] = [:]) {
        self.overviewValue = overview
        self.queues = queues
        self.history = history
    }

    func overview(at now: Date) throws -> DashboardOverview {
        reads.append("overview")
        if let failure { throw failure }
        return overviewValue
    }

    func queuePage(_ key: QueueKey, offset: Int, limit: Int, at now: Date) throws -> QueuePage {
        reads.append("page \(key) \(offset) \(limit)")
        if let failure { throw failure }
        let rows = queues[key] ?? []
        let window = Array(rows.dropFirst(offset).prefix(limit))
        return QueuePage(key: key, offset: offset, total: rows.count, rows: window)
    }

    func taskDetail(id: Int64) throws -> TaskDetail? {
        reads.append("detail \(id)")
        if let failure { throw failure }
        guard let task = queues.values.joined().first(where: { $0.id == id }) else { return nil }
        return TaskDetail(task: task, history: history[id])
    }
}

/// Actions that answer as told and remember what they were asked.
final class FakeTaskActions: DashboardWrites {
    private let answer: ActionOutcome
    private let calls = Mutex<[(TaskAction, Int64, String)]>([])
    private let revisionCalls = Mutex<[String]>([])

    /// The answer review actions get.
    private let reviewAnswer: ReviewActionOutcome

    init(answer: ActionOutcome = .done, reviewAnswer: ReviewActionOutcome = .done("message 7 resolved: test feed")) {
        self.answer = answer
        self.reviewAnswer = reviewAnswer
    }

    var received: [(TaskAction, Int64, String)] { calls.withLock { $0 } }
    /// "undo 42 jdoe", "reopen 42 jdoe why", "note 42 jdoe text", "claim 42 jdoe", in order.
    var revisions: [String] { revisionCalls.withLock { $0 } }

    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        calls.withLock { $0.append((action, id, user)) }
        return answer
    }

    func undoLatestAction(onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        revisionCalls.withLock { $0.append("undo \(id) \(user)") }
        return answer
    }

    func reopen(task id: Int64, note: String, by user: String, at now: Date) -> ActionOutcome {
        revisionCalls.withLock { $0.append("reopen \(id) \(user) \(note)") }
        return answer
    }

    func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        revisionCalls.withLock { $0.append("note \(id) \(user) \(note)") }
        return answer
    }

    func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                              at now: Date) -> ActionOutcome {
        revisionCalls.withLock { $0.append("prefers \(id) \(user) \(preference.rawValue)") }
        return answer
    }

    func claim(task id: Int64, by user: String, at now: Date, purpose: ClaimPurpose) {
        revisionCalls.withLock { $0.append("claim \(id) \(user)\(purpose == .viewing ? " viewing" : "")") }
    }


    func perform(_ action: ReviewAction, onMessage id: Int64, by user: String, at now: Date) -> ReviewActionOutcome {
        switch action {
        case .resolve(let note): revisionCalls.withLock { $0.append("resolve message \(id) \(user) \(note)") }
        case .replay: revisionCalls.withLock { $0.append("replay message \(id) \(user)") }
        }
        return reviewAnswer
    }
}

/// Access events, remembered in the order recorded.
final class FakeAccessAudit: AccessAudit {
    private let events = Mutex<[AccessEvent]>([])

    var recorded: [AccessEvent] { events.withLock { $0 } }

    func record(_ event: AccessEvent, at: Date) {
        events.withLock { $0.append(event) }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String { "the database at /tmp/x.sqlite is locked by another process; try again" }
}
