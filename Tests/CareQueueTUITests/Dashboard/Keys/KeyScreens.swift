@testable import CareQueueTUI
import Foundation
import Testing

/// Every screen and dialog the dashboard has, reached by pressing keys on the loaded fixture; a picker
/// is left off its first option and a field holds text, so that every key that acts changes something.
struct KeyScreen: CustomTestStringConvertible, Sendable {
    var name: String
    var keys: [Key]
    /// Its keys are documented by its hint line (a dialog or the filter being typed), not the `?` overlay.
    var documentedByHints = false
    /// A text field: printable characters type rather than act.
    var typesText = false
    /// Whether the keys reached the screen meant.
    var reached: @Sendable (DashboardState) -> Bool
    var testDescription: String { name }

    static let size = GridSize(width: 80, height: 24)

    func state(readOnly: Bool = false) -> DashboardState {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press(keys, on: &state)
        state.message = nil
        state.settings.readOnly = readOnly
        return state
    }

    static func dialog(_ name: String, _ keys: [Key], typesText: Bool = false,
                       _ reached: @escaping @Sendable (Dialog) -> Bool) -> KeyScreen {
        KeyScreen(name: name, keys: keys, documentedByHints: true, typesText: typesText) { state in
            state.dialog.map(reached) ?? false
        }
    }

    static let all: [KeyScreen] = [
        KeyScreen(name: "queue", keys: []) { $0.screen == .queue && $0.dialog == nil },
        KeyScreen(name: "queue with a tagged row", keys: [.character(" ")]) { !$0.tagged.isEmpty },
        KeyScreen(name: "queue filtered", keys: [.character("/")] + DashboardFixture.type("G-55") + [.enter]) {
            $0.filter?.isActive == true && $0.filter?.editing == false
        },
        KeyScreen(name: "detail", keys: [.enter]) { if case .detail = $0.screen { true } else { false } },
        KeyScreen(name: "board", keys: [.character("b"), .down]) { $0.screen == .board(cursor: 1) },
        KeyScreen(name: "review list", keys: [.character("v"), .down]) { $0.screen == .review(cursor: 1) },
        KeyScreen(name: "raw message", keys: [.character("v"), .enter]) {
            if case .rawMessage(_, let lines?, _, _) = $0.screen { !lines.isEmpty } else { false }
        },
        KeyScreen(name: "awaiting", keys: [.character("o"), .down]) { $0.screen == .awaiting && $0.awaiting?.cursor == 1 },
        KeyScreen(name: "help", keys: [.character("?")]) { $0.showsHelp },
        KeyScreen(name: "filter being typed", keys: [.character("/"), .character("-"), .down], documentedByHints: true, typesText: true) {
            $0.filter?.editing == true
        },
        dialog("attempt outcome", [.character("f"), .down]) { if case .attemptOutcome = $0 { true } else { false } },
        dialog("attempt note", [.character("f"), .enter, .character("x")], typesText: true) {
            if case .attemptNote = $0 { true } else { false }
        },
        dialog("attempt callback", [.character("f"), .enter, .enter, .down]) {
            if case .attemptCallback = $0 { true } else { false }
        },
        dialog("attempt callback time", [.character("f"), .enter, .enter, .character("3"), .character("1")], typesText: true) {
            if case .attemptCallbackTime = $0 { true } else { false }
        },
        dialog("close outcome", [.character("c"), .down]) { if case .closeOutcome = $0 { true } else { false } },
        dialog("close note", [.character("c"), .enter, .character("x")], typesText: true) { if case .closeNote = $0 { true } else { false } },
        dialog("reassign picker", [.character("r"), .down], typesText: true) {
            if case .reassignPicker = $0 { true } else { false }
        },
        dialog("reassign note", [.character("r"), .down, .enter, .character("x")], typesText: true) {
            if case .reassignNote = $0 { true } else { false }
        },
        dialog("bulk outcome", [.end, .character(" "), .character("c"), .down]) { if case .bulkOutcome = $0 { true } else { false } },
        dialog("bulk note", [.end, .character(" "), .character("c"), .enter, .character("x")], typesText: true) {
            if case .bulkNote = $0 { true } else { false }
        },
        dialog("review resolve note", [.character("v"), .character("r"), .character("x")], typesText: true) {
            if case .reviewResolveNote = $0 { true } else { false }
        },
        dialog("review replay confirm", [.character("v"), .character("p")]) {
            if case .reviewReplayConfirm = $0 { true } else { false }
        },
        dialog("bulk confirm", [.end, .character(" "), .character("c"), .enter] + DashboardFixture.type("done") + [.enter]) {
            if case .bulkConfirm = $0 { true } else { false }
        },
    ]

    /// Keys a person can press: the named ones, printable ASCII, Ctrl with a letter, an Alt and an F-key.
    static let probes: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .insert, .delete, .enter,
                                .escape, .tab, .backTab, .backspace, .function(1), .alt("x")]
        + (32...126).map { Key.character(Character(UnicodeScalar(UInt8($0)))) }
        + "abdefghijklmnopqrstuvwxyz".map { Key.control($0) }
}
