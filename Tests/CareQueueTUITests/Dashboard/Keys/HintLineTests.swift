@testable import CareQueueTUI
import Foundation
import Testing

/// Hint lines no snapshot shows, written out: the derivation must keep them exactly as they were.
struct HintCase: CustomTestStringConvertible, Sendable {
    var screen: String
    var readOnly = false
    var hints: String
    var testDescription: String { screen + (readOnly ? " (read-only)" : "") }
}

@Suite("Hint lines derived from the key tables")
struct HintLineTests {
    static let cases: [HintCase] = [
        HintCase(screen: "queue", readOnly: true,
                 hints: "q quit · ↑↓ move · Tab queue · Enter detail · b board · / find · v review · ? help"),
        HintCase(screen: "detail", readOnly: true, hints: "Esc back · ↑↓ scroll · ? help · q quit"),
        HintCase(screen: "detail",
                 hints: "Esc back · ↑↓ scroll · a ack · f attempt · c close · r reassign · ? help · q quit"),
        HintCase(screen: "board", readOnly: true,
                 hints: "q quit · ↑↓ move · Enter open queue · Esc queues · / find · v review · ? help"),
        HintCase(screen: "help", hints: "Esc close help · q quit · ↑↓ j k PgUp PgDn scroll"),
        HintCase(screen: "filter being typed", hints: "type MRN, name or test · Tab closed too · ↑↓ move · Enter keep filter · Esc clear"),
        HintCase(screen: "attempt outcome", hints: "↑↓ choose · Enter next: note · 1-3 pick · Esc cancel"),
        HintCase(screen: "attempt note",
                 hints: "Enter next: callback · Esc back · Backspace Del delete · Ctrl-W delete word · Ctrl-U clear · ← → Home End move"),
        HintCase(screen: "attempt callback", hints: "Esc back · ↑↓ choose · Enter record attempt · 1-4 pick"),
        HintCase(screen: "bulk outcome", hints: "↑↓ choose · Enter next: note · 1-3 pick · Esc cancel"),
        HintCase(screen: "bulk note",
                 hints: "Enter next: confirm · Esc back · Backspace Del delete · Ctrl-W delete word · ← → Home End move"),
        HintCase(screen: "reassign note",
                 hints: "Enter reassign · Esc back · Backspace Del delete · Ctrl-W delete word · Ctrl-U clear · ← → Home End move"),
        HintCase(screen: "review list", hints: "q quit · ↑↓ move · Enter raw message · r resolve · p replay · Esc back · ? help"),
        HintCase(screen: "review list", readOnly: true, hints: "q quit · ↑↓ move · Enter raw message · Esc back · ? help"),
        HintCase(screen: "review resolve note",
                 hints: "Enter resolve · Esc cancel · Backspace Del delete · Ctrl-W delete word · Ctrl-U clear · ← → Home End move"),
        HintCase(screen: "review replay confirm", hints: "y Y replay · n N Esc cancel"),
        HintCase(screen: "queue with a tagged row",
                 hints: "c close 1 tagged · Space tag · Esc untag all · ↑↓ move · q quit"),
    ]

    @Test("the hint line", arguments: cases)
    func hintLine(_ example: HintCase) throws {
        let screen = try #require(KeyScreen.all.first { $0.name == example.screen })
        let state = screen.state(readOnly: example.readOnly)
        try #require(screen.reached(state))
        let line = HintLineView.hints(for: state).map { "\($0.0) \($0.1)" }.joined(separator: " · ")
        #expect(line == example.hints)
    }
}
