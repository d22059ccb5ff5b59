import CareQueueCore
@testable import CareQueueTUI
import Foundation
import Testing

@Suite("Review list: resolve and replay keys, wrapped text")
struct ReviewActionKeyTests {
    static let size = GridSize(width: 80, height: 24)

    private func onReviewList() -> DashboardState {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("v")], on: &state)
        return state
    }

    private func text(_ state: DashboardState) -> String {
        DashboardView.render(state, size: state.size).lines.joined(separator: "\n")
    }

    @Test("r asks for a note; Enter with none is refused in the dialog; a note sends the resolve for the selected message")
    func resolve() {
        var state = onReviewList()
        ViewFixture.press([.down, .character("r")], on: &state)
        #expect(state.dialog == .reviewResolveNote(ReviewTarget(messageID: 9, label: "10.0.0.9:41000 · (no control id) · AR"),
                                                   text: "", problem: nil))
        #expect(text(state).contains("Resolve message 9"))

        #expect(ViewFixture.press([.character(" "), .enter], on: &state).isEmpty)
        guard case .reviewResolveNote(_, _, let problem?) = state.dialog else {
            Issue.record("the empty note closed the dialog: \(String(describing: state.dialog))")
            return
        }
        #expect(problem == "a note must say why the message is resolved")
        #expect(text(state).contains("a note must say why the message is resolved"))

        let effects = ViewFixture.press("test feed".map { .character($0) } + [.enter], on: &state)

        #expect(effects == [.reviewAction(ReviewActionRequest(messageID: 9, action: .resolve(note: "test feed")))])
        #expect(state.dialog == nil)
        #expect(state.actionsInFlight == 1)
        #expect(state.message?.text == "Message 9: resolving…")
    }

    @Test("p asks first; n cancels; y sends the replay; Esc and n write nothing")
    func replay() {
        var state = onReviewList()
        ViewFixture.press([.character("p")], on: &state)
        #expect(state.dialog == .reviewReplayConfirm(ReviewTarget(messageID: 7, label: "LAB^HOSP · MSG0007 · AE")))
        #expect(text(state).contains("Replay message 7?"))
        #expect(ViewFixture.press([.character("n")], on: &state).isEmpty)
        #expect(state.dialog == nil)

        let effects = ViewFixture.press([.character("p"), .character("y")], on: &state)

        #expect(effects == [.reviewAction(ReviewActionRequest(messageID: 7, action: .replay))])
    }

    @Test("the store's answer goes on the message line, an error until a key, and the list and counts are read again")
    func answers() {
        var state = onReviewList()
        state.actionsInFlight = 1
        let done = Dashboard.update(&state, .reviewActionFinished(ReviewActionRequest(messageID: 7, action: .replay),
                                                                  .done("message 7 replayed as message 12: task 40")))
        #expect(state.message == StatusMessage("Message 7 replayed as message 12: task 40", shownAt: state.now))
        #expect(done.contains(.loadReview) && done.contains(.loadOverview))
        #expect(state.actionsInFlight == 0)

        _ = Dashboard.update(&state, .reviewActionFinished(ReviewActionRequest(messageID: 7, action: .replay),
                                                           .refused("message 7 is still refused (AR 202): no")))
        #expect(state.message?.isError == true)
        #expect(text(state).contains("Message 7 is still refused (AR 202): no"))
    }

    @Test("on a read-only wall r and p are refused and not on the hint line")
    func wallRefuses() {
        var settings = DashboardFixture.settings
        settings.readOnly = true
        var state = ViewFixture.state(size: Self.size, settings: settings)
        ViewFixture.press([.character("v"), .character("r")], on: &state)
        #expect(state.dialog == nil)
        #expect(state.message?.text == "Read-only wall screen: nothing can be changed here")
        ViewFixture.press([.character("p")], on: &state)
        #expect(state.dialog == nil)
        let footer = text(state).split(separator: "\n").last.map(String.init) ?? ""
        #expect(!footer.contains("resolve") && !footer.contains("replay"))
    }

    @Test("the hint line and help name the new keys")
    func hints() {
        let state = onReviewList()
        let footer = text(state).split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("r resolve") && footer.contains("p replay") && footer.contains("? help"), "\(footer)")
        #expect(HelpView.keys.contains { $0.0 == "r" && $0.1.hasPrefix("review list: resolve") })
        #expect(HelpView.keys.contains { $0.0 == "p" && $0.1.hasPrefix("review list: replay") })
    }

    @Test("the selected message's long reason wraps under the list instead of being cut, with its clock")
    func reasonWraps() {
        var state = onReviewList()
        let reason = "the ordering provider field OBR-16 names nobody this clinic knows, and the result cannot be "
            + "routed until it does; END-OF-REASON"
        state.reviewItems[0].reason = reason
        state.reviewItems[0].escalatedAt = ViewFixture.now.addingTimeInterval(-60)
        let screen = text(state)
        #expect(screen.contains("END-OF-REASON"), "\(screen)")
        #expect(screen.contains("Reason  the ordering provider"))
        #expect(screen.contains("Clock   open past 1 h: escalated to the care"))
        let rows = screen.split(separator: "\n").map(String.init)
        #expect(rows.allSatisfy { ScreenText.width($0) == Self.size.width })
    }

    @Test("a long raw segment continues on indented lines; the scroll runs over the wrapped lines")
    func rawWraps() {
        var state = ViewFixture.state(size: Self.size)
        let long = "NTE|1||" + String(repeating: "x", count: 200) + "END\r" + (1...30).map { "OBX|\($0)|\r" }.joined()
        state.screen = .rawMessage(id: 7, lines: nil, scroll: 0, reviewCursor: 0)
        _ = Dashboard.update(&state, .rawMessageLoaded(id: 7, Array(long.utf8)))
        let screen = text(state)
        #expect(screen.contains("    xxxx"), "continuations are indented: \(screen)")
        ViewFixture.press([.end], on: &state)
        #expect(text(state).contains("OBX|30|"))
        guard case .rawMessage(_, let lines?, let scroll, _) = state.screen else { return }
        let inside = DashboardLayout(size: state.size).mainInside
        let wrapped = RawMessageView.wrapped(lines, width: inside.width)
        #expect(wrapped.count > lines.count)
        #expect(scroll == wrapped.count - (inside.height - 1))
        #expect(wrapped.joined().replacingOccurrences(of: " ", with: "") == lines.joined().replacingOccurrences(of: " ", with: ""),
                "nothing dropped")
    }

    @Test("the ticker announces a review-list message escalated for sitting open, in the review colour")
    func ticker() {
        var state = ViewFixture.state(size: GridSize(width: 200, height: 30))
        state.overview.reviewEscalations = [RecordedReviewEscalation(
            messageID: 7, dueAt: ViewFixture.now.addingTimeInterval(-30), recordedAt: ViewFixture.now,
            target: "care coordinators", targetNPIs: [], reason: "Refused message 7 from LAB / HOSP open 1 h: no PID-3")]
        let entries = TickerEntries.entries(state)
        let entry = entries.first { $0.text.contains("Refused message 7") }
        #expect(entry?.role == .review)
        #expect(entry?.text.hasSuffix("L1 → care coordinators: Refused message 7 from LAB / HOSP open 1 h: no PID-3 (v: review list)")
                == true, "\(entries)")
        #expect(text(state).contains("Refused message 7 from LAB / HOSP"))
    }

    @Test("hard wrapping keeps every character and never exceeds the width", arguments: [5, 10, 33])
    func cut(width: Int) {
        let text = "MSH|^~\\&|" + String(repeating: "患", count: 20) + "abc"
        let lines = TextWrap.cut(text, width: width, continuation: "  ")
        #expect(lines.allSatisfy { ScreenText.width($0) <= width })
        #expect(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst(2)) }.joined() == text)
    }
}
