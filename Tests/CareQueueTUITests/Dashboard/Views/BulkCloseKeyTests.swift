import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Tagging and the guarded bulk close")
struct BulkCloseKeyTests {
    static let size = GridSize(width: 120, height: 40)

    /// Dr Chen's queue positions: 0 #42 critical, 1 #57 critical, 2 #51 abnormal, 3 #60 abnormal,
    /// 4 #63 abnormal, 5 #70 routine, 6 #71 routine.
    static func tagged(_ positions: [Int]) -> DashboardState {
        var state = ViewFixture.state(size: size, cursor: 0)
        for position in positions {
            state.cursor = position
            ViewFixture.press([.character(" ")], on: &state)
        }
        return state
    }

    @Test("Space tags the row and moves down; Space again untags")
    func tagging() {
        var state = ViewFixture.state(size: Self.size, cursor: 5)
        ViewFixture.press([.character(" ")], on: &state)
        #expect(Set(state.tagged.keys) == [70])
        #expect(state.cursor == 6)
        ViewFixture.press([.up, .character(" ")], on: &state)
        #expect(state.tagged.isEmpty)
    }

    @Test("BulkClose takes routine tasks only and counts the rest", arguments: [
        ([5, 6], [Int64(70), 71], 0), ([0, 5, 6], [70, 71], 1), ([0, 2, 3, 6], [71], 3),
    ])
    func split(positions: [Int], closing: [Int64], excluded: Int) {
        let state = Self.tagged(positions)
        let bulk = BulkClose(tagged: Array(state.tagged.values))
        #expect(bulk.taskIDs == closing)
        #expect(bulk.excluded == excluded)
    }

    @Test("only critical and abnormal tagged: c is refused, naming how many")
    func allExcludedRefused() {
        var state = Self.tagged([0, 1, 2])
        let effects = ViewFixture.press([.character("c")], on: &state)
        #expect(effects.isEmpty)
        #expect(state.dialog == nil)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.hasPrefix("None of the 3 tagged tasks can be bulk-closed") == true)
    }

    @Test("outcome, one note, a confirmation with the count; nothing is written before y")
    func closesAfterConfirmation() {
        var state = Self.tagged([0, 5, 6])
        var effects = ViewFixture.press([.character("c")], on: &state)
        #expect(state.message?.text.hasPrefix("1 of 3 tagged tasks excluded") == true)
        effects += ViewFixture.press([.enter] + DashboardFixture.type("normal results, letter sent") + [.enter], on: &state)
        let bulk = BulkClose(taskIDs: [70, 71], excluded: 1)
        #expect(state.dialog == .bulkConfirm(bulk, outcome: .reached, note: "normal results, letter sent"))
        #expect(!effects.contains { if case .perform = $0 { return true } else { return false } })
        let sent = ViewFixture.press([.character("y")], on: &state)
        #expect(sent == [70, 71].map {
            .perform(ActionRequest(taskID: $0, action: .close(.reached, note: "normal results, letter sent")))
        })
        #expect(state.tagged.isEmpty)
        #expect(state.actionsInFlight == 2)
    }

    @Test("n at the confirmation goes back to the note; an empty note never reaches it")
    func backAndEmptyNote() {
        var state = Self.tagged([5, 6])
        ViewFixture.press([.character("c"), .enter, .enter], on: &state)
        guard case .bulkNote(_, _, _, _?) = state.dialog else {
            Issue.record("an empty note was accepted: \(String(describing: state.dialog))")
            return
        }
        ViewFixture.press(DashboardFixture.type("ok") + [.enter, .character("n")], on: &state)
        #expect(state.dialog == .bulkNote(BulkClose(taskIDs: [70, 71], excluded: 0), outcome: .reached, text: "ok",
                                          problem: nil))
    }

    @Test("c with no tags still closes the one selected task")
    func singleCloseUnchanged() {
        var state = ViewFixture.state(size: Self.size, cursor: 5)
        ViewFixture.press([.character("c")], on: &state)
        if case .closeOutcome = state.dialog {} else { Issue.record("not the single close: \(String(describing: state.dialog))") }
    }

    @Test("Esc in the queue clears the tags")
    func escapeUntags() {
        var state = Self.tagged([5])
        ViewFixture.press([.escape], on: &state)
        #expect(state.tagged.isEmpty)
    }
}
