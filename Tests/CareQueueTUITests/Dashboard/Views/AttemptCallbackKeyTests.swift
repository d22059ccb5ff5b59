import CareQueueCore
import Foundation
import Testing
@testable import CareQueueTUI

@Suite("f: outcome, note, callback")
struct AttemptCallbackKeyTests {
    static let size = GridSize(width: 100, height: 30)
    /// The fixture's clock: Sunday 2026-03-01 14:05:09Z; the clinic (UTC) next opens Monday 07:00.
    static let monday = ISO8601Input.parse("2026-03-02T07:00Z", timeZone: DashboardFixture.utc)!

    static func loaded() -> DashboardState { DashboardFixture.state(size: size, cursor: 0) }

    static func attempt(_ outcome: AttemptOutcome, note: String = "", callbackAt: Date?) -> [DashboardEffect] {
        [.perform(ActionRequest(taskID: 42, action: .attempt(outcome, note: note, callbackAt: callbackAt)))]
    }

    @Test("f 1 Enter Enter: a no-answer with the callback at the next opening, in four keys")
    func defaultPath() {
        var state = Self.loaded()
        let keys: [Key] = [.character("f"), .character("1"), .enter, .enter]
        let effects = DashboardFixture.press(keys, on: &state)
        #expect(keys.count == 4)
        #expect(effects == [.claim(taskID: 42)] + Self.attempt(.noAnswer, callbackAt: Self.monday))
        #expect(state.dialog == nil)
    }

    @Test("the picker starts on the outcome's suggestion", arguments: [
        (AttemptOutcome.noAnswer, 0), (.leftMessage, 0), (.wrongNumber, 3),
    ])
    func suggestion(_ outcome: AttemptOutcome, _ index: Int) {
        var state = Self.loaded()
        let digit = Character(String(AttemptOutcome.allCases.firstIndex(of: outcome)! + 1))
        _ = DashboardFixture.press([.character("f"), .character(digit), .enter], on: &state)
        guard case .attemptCallback(_, let picked, let note, let selected) = state.dialog else {
            Issue.record("no callback picker: \(String(describing: state.dialog))"); return
        }
        #expect(picked == outcome && note == "" && selected == index)
    }

    @Test("a note is kept; 2 picks in 2 h")
    func inTwoHours() {
        var state = Self.loaded()
        let effects = DashboardFixture.press([.character("f"), .character("2")] + DashboardFixture.type("VM re K 6.8")
                                             + [.enter, .character("2")], on: &state)
        #expect(effects == [.claim(taskID: 42)]
                + Self.attempt(.leftMessage, note: "VM re K 6.8", callbackAt: DashboardFixture.now.addingTimeInterval(7200)))
    }

    @Test("4 records no callback, even after no answer")
    func none() {
        var state = Self.loaded()
        let effects = DashboardFixture.press([.character("f"), .character("1"), .enter, .character("4")], on: &state)
        #expect(effects == [.claim(taskID: 42)] + Self.attempt(.noAnswer, callbackAt: nil))
    }

    @Test("3 asks for a time: 14:30 is today's when still ahead, else tomorrow's; ISO 8601 is taken as typed")
    func typedTime() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.character("f"), .character("1"), .enter, .character("3")], on: &state)
        guard case .attemptCallbackTime = state.dialog else { Issue.record("no time field"); return }
        var effects = DashboardFixture.press(DashboardFixture.type("14:30") + [.enter], on: &state)
        let today = ISO8601Input.parse("2026-03-01T14:30Z", timeZone: DashboardFixture.utc)!
        #expect(effects == Self.attempt(.noAnswer, callbackAt: today))

        state = Self.loaded()
        effects = DashboardFixture.press([.character("f"), .character("1"), .enter, .character("3")]
                                         + DashboardFixture.type("09:15") + [.enter], on: &state)
        let tomorrow = ISO8601Input.parse("2026-03-02T09:15Z", timeZone: DashboardFixture.utc)!
        #expect(effects == [.claim(taskID: 42)] + Self.attempt(.noAnswer, callbackAt: tomorrow))

        state = Self.loaded()
        effects = DashboardFixture.press([.character("f"), .character("1"), .enter, .character("3")]
                                         + DashboardFixture.type("2026-03-04T10:00") + [.enter], on: &state)
        let iso = ISO8601Input.parse("2026-03-04T10:00Z", timeZone: DashboardFixture.utc)!
        #expect(effects == [.claim(taskID: 42)] + Self.attempt(.noAnswer, callbackAt: iso))
    }

    @Test("a time that is not one keeps the field open and says why; Esc steps back without losing the note")
    func refusedTime() {
        var state = Self.loaded()
        let effects = DashboardFixture.press([.character("f"), .character("1")] + DashboardFixture.type("no VM")
                                             + [.enter, .character("3")] + DashboardFixture.type("soon") + [.enter], on: &state)
        #expect(effects == [.claim(taskID: 42)])
        guard case .attemptCallbackTime(_, _, let note, _, let problem) = state.dialog else {
            Issue.record("the field closed"); return
        }
        #expect(note == "no VM")
        #expect(problem == "callback time \"soon\" is not a time: type 14:30 or 2026-03-02T09:00 (ISO 8601)")
        _ = DashboardFixture.press([.escape], on: &state)
        guard case .attemptCallback(_, _, _, let selected) = state.dialog else { Issue.record("not back"); return }
        #expect(selected == 2)
        _ = DashboardFixture.press([.escape], on: &state)
        #expect(state.dialog == .attemptNote(ActionTarget(DashboardFixture.chenTasks[0]), outcome: .noAnswer, text: "no VM"))
    }

    @Test("the callback picker shows what each choice means now")
    func pickerSnapshot() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.character("f"), .character("1"), .enter], on: &state)
        let text = DashboardView.render(state, size: Self.size).lines.joined(separator: "\n")
        #expect(text.contains("next-opening    07:00 Mon"))
        #expect(text.contains("in 2 h          16:05 Sun"))
        #expect(text.contains("a time…"))
    }
}

@Suite("A task waiting for its callback")
struct WaitingRowTests {
    /// Dr Chen's queue with the second task waiting until Monday 08:00 and the third's callback due.
    static func state(width: Int, height: Int) -> DashboardState {
        var state = DashboardState(settings: DashboardFixture.settings, now: DashboardFixture.now,
                                   size: GridSize(width: width, height: height))
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        state.selectedQueue = .provider(npi: DashboardFixture.chen)
        var page = try! DashboardFixture.data().queuePage(.provider(npi: DashboardFixture.chen), offset: 0,
                                                           limit: state.visibleRows, at: DashboardFixture.now)
        page.rows[1].callbackAt = ISO8601Input.parse("2026-03-02T08:00Z", timeZone: DashboardFixture.utc)
        page.rows[2].callbackAt = DashboardFixture.now.addingTimeInterval(-600)
        _ = Dashboard.update(&state, .pageLoaded(page))
        state.cursor = 0
        return state
    }

    @Test("is dimmed with its callback time; a due callback says so and is not dimmed")
    func dimmed() {
        let state = Self.state(width: 120, height: 40)
        let grid = DashboardView.render(state, size: state.size)
        assertSnapshot(grid, named: "queue-waiting-callback-120x40")
        let rows = grid.lines.enumerated().filter { $0.element.contains("↻") }
        #expect(rows.count == 2)
        let waiting = rows[0], due = rows[1]
        #expect(waiting.element.contains("↻ 08:00 Mon") && due.element.contains("↻ due"))
        #expect(grid.row(waiting.offset).contains { $0.role == .queueWaiting })
        #expect(!grid.row(due.offset).contains { $0.role == .queueWaiting })
    }
}

@Suite("Callback and contact preference in the detail")
struct CallbackDetailTests {
    @Test("the detail names the callback time and the patient's contact preference")
    func detail() {
        var task = DashboardFixture.chenTasks[0]
        task.callbackAt = ISO8601Input.parse("2026-03-02T07:00Z", timeZone: DashboardFixture.utc)
        task.contactPreference = .portal
        var state = DashboardFixture.state(size: GridSize(width: 120, height: 40), cursor: 0)
        state.screen = .detail(taskID: task.id, detail: TaskDetail(task: task), scroll: 0)
        let text = DashboardView.render(state, size: state.size).lines.joined(separator: "\n")
        #expect(text.contains("callback 2026-03-02 07:00"))
        #expect(text.contains("prefers portal"))
    }
}
