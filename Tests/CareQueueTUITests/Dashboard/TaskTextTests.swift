import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

struct TextCase: CustomTestStringConvertible, Sendable {
    var name: String
    var task: TaskListItem
    var expected: String
    var testDescription: String { name }
}

@Suite("How tasks read on screen")
struct TaskTextTests {
    static let now = DashboardFixture.now
    static func task(_ urgency: Urgency = .critical, age: TimeInterval, status: TaskStatus = .open, stopped: Bool = false,
                     level: Int = 0, assigned: String? = DashboardFixture.chen) -> TaskListItem {
        DashboardFixture.task(1, urgency, patient: "A, B", mrn: "M", test: "K", value: "6.8", flags: ["HH"], age: age,
                              status: status, stopped: stopped, level: level, assigned: assigned)
    }

    @Test("urgency is a word and a glyph, never colour alone", arguments: [
        (Urgency.critical, "!! CRIT"), (.abnormal, "!  ABN"), (.routine, "   RTN"),
    ])
    func urgency(_ urgency: Urgency, _ label: String) {
        #expect(TaskText.urgencyLabel(urgency) == label)
    }

    static let dueCases: [TextCase] = [
        TextCase(name: "running, 19 minutes left", task: task(age: 11 * 60), expected: "19m"),
        TextCase(name: "overdue by 12 minutes", task: task(age: 42 * 60), expected: "-12m"),
        TextCase(name: "acknowledged, clock stopped", task: task(age: 42 * 60, status: .acknowledged, stopped: true), expected: "ack'd"),
        TextCase(name: "closed", task: task(age: 42 * 60, status: .closed, stopped: true), expected: "closed"),
    ]

    @Test("time to due", arguments: dueCases)
    func due(_ example: TextCase) {
        #expect(TaskText.due(example.task, at: Self.now) == example.expected)
    }

    static let escalationCases: [TextCase] = [
        TextCase(name: "level 0, level 1 at the due time", task: task(age: 11 * 60), expected: "L1 in 19m"),
        TextCase(name: "level 1, level 2 at twice the window", task: task(age: 41 * 60, level: 1), expected: "L1, L2 in 19m"),
        TextCase(name: "level 1 not yet recorded but due", task: task(age: 31 * 60), expected: "L1 now"),
        TextCase(name: "unassigned: level 1 at once", task: task(.routine, age: 60, assigned: nil), expected: "L1 now"),
        TextCase(name: "level 2 is the top", task: task(age: 70 * 60, level: 2), expected: "L2"),
        TextCase(name: "stopped clock", task: task(age: 41 * 60, status: .acknowledged, stopped: true, level: 1), expected: "L1 stopped"),
    ]

    @Test("escalation level and what comes next", arguments: escalationCases)
    func escalation(_ example: TextCase) {
        #expect(TaskText.escalation(example.task, windows: DashboardFixture.windows, at: Self.now) == example.expected)
    }

    @Test("the value shown is the flagged observation's, named, with its flags")
    func value() {
        var task = Self.task(age: 60)
        task.observations = [
            .init(code: "1", text: "Sodium", value: "140", units: "mmol/L", range: "", flags: ["N"], status: "F"),
            .init(code: "2", text: "Potassium", value: "6.8", units: "mmol/L", range: "", flags: ["HH"], status: "F"),
        ]
        #expect(TaskText.valueAndFlags(task) == "Potassium 6.8 HH")
        task.observations = [.init(code: "3", text: "Culture", value: "", units: "", range: "", flags: [], status: "P")]
        #expect(TaskText.valueAndFlags(task) == "Culture")
    }

    static func panel() -> [TaskListItem.ObservationItem] {
        [
            .init(code: "2951-2", text: "Sodium", value: "140", units: "mmol/L", range: "", flags: ["N"], status: "F"),
            .init(code: "17861-6", text: "Calcium", value: "8.50", units: "mg/dL", range: "", flags: ["H"], status: "F"),
            .init(code: "2345-7", text: "Glucose", value: "559", units: "mg/dL", range: "", flags: ["HH"], status: "F"),
        ]
    }

    @Test("the deciding observation tiering recorded is shown, not the first flagged one")
    func decidingValue() {
        var task = Self.task(age: 60)
        task.observations = Self.panel()
        task.decidingObservation = 2
        #expect(TaskText.valueAndFlags(task) == "Glucose 559 HH")
        task.decidingObservation = 1
        #expect(TaskText.valueAndFlags(task) == "Calcium 8.50 H")
    }

    @Test("a task stored before the deciding observation was recorded shows its panic value first")
    func decidingValueFallback() {
        var task = Self.task(age: 60)
        task.observations = Self.panel()
        task.decidingObservation = nil
        #expect(TaskText.valueAndFlags(task) == "Glucose 559 HH")
        task.decidingObservation = 7
        #expect(TaskText.valueAndFlags(task) == "Glucose 559 HH")
    }

    @Test("the header clock is local time")
    func clock() {
        #expect(TaskText.clock(Self.now, timeZone: DashboardFixture.utc) == "14:05:09")
        #expect(TaskText.clock(Self.now, timeZone: TimeZone(secondsFromGMT: -5 * 3600)!) == "09:05:09")
        #expect(TaskText.timeOfDay(Self.now, timeZone: DashboardFixture.utc) == "14:05")
    }

    @Test("a ticker time on another day than now carries its date, in the clinic's time zone")
    func tickerTimeOnAnotherDay() {
        let utc = DashboardFixture.utc
        let earlierToday = Self.now.addingTimeInterval(-14 * 3600)
        #expect(TaskText.timeOfDay(earlierToday, sameDayAs: Self.now, timeZone: utc) == "00:05")
        let yesterday = Self.now.addingTimeInterval(-15 * 3600)
        #expect(TaskText.timeOfDay(yesterday, sameDayAs: Self.now, timeZone: utc) == "02-28 23:05")
        // Today's 00:05 UTC is still the day before at UTC-5, where now is 09:05 on 03-01.
        let newYork = TimeZone(secondsFromGMT: -5 * 3600)!
        #expect(TaskText.timeOfDay(earlierToday, sameDayAs: Self.now, timeZone: newYork) == "02-28 19:05")
        #expect(TaskText.timeOfDay(Self.now.addingTimeInterval(-3600), sameDayAs: Self.now, timeZone: newYork) == "08:05")
    }

    @Test("rows take the role of their age band", arguments: zip(AgeBand.allCases, [
        StyleRole.ageFresh, .ageHalfway, .ageDueSoon, .ageOverdue, .ageEscalated,
    ]))
    func bandRoles(_ band: AgeBand, _ role: StyleRole) {
        #expect(TaskText.role(band) == role)
    }
}
