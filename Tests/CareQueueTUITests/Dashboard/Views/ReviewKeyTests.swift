import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Review list and raw messages")
struct ReviewKeyTests {
    static let size = GridSize(width: 120, height: 40)

    @Test("v opens the review list; Enter shows the raw message; Esc goes back to the list, then the queue")
    func reviewFlow() {
        var state = ViewFixture.state(size: Self.size)
        #expect(ViewFixture.press([.character("v")], on: &state) == [.loadReview])
        #expect(state.screen == .review(cursor: 0))
        #expect(state.reviewItems.count == 2)
        ViewFixture.press([.enter], on: &state)
        guard case .rawMessage(7, let lines?, 0, 0) = state.screen else {
            Issue.record("no raw message: \(state.screen)")
            return
        }
        #expect(lines.first?.hasPrefix("<VT>MSH|") == true)
        ViewFixture.press([.escape], on: &state)
        #expect(state.screen == .review(cursor: 0))
        ViewFixture.press([.escape], on: &state)
        #expect(state.screen == .queue)
    }

    @Test("a message gone from the store says so")
    func missingMessage() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("v"), .down, .enter], on: &state)
        guard case .rawMessage(9, let lines?, _, 1) = state.screen else {
            Issue.record("no raw view: \(state.screen)")
            return
        }
        #expect(lines == ["(message 9 is no longer in the store)"])
    }

    @Test("the raw view scrolls within its lines")
    func rawScrolls() {
        var state = ViewFixture.state(size: GridSize(width: 80, height: 24))
        let long = (1...60).map { "OBX|\($0)|TX|||line \($0)\r" }.joined()
        state.screen = .rawMessage(id: 7, lines: nil, scroll: 0, reviewCursor: 0)
        _ = Dashboard.update(&state, .rawMessageLoaded(id: 7, Array(long.utf8)))
        ViewFixture.press([.end], on: &state)
        let height = DashboardLayout(size: state.size).mainInside.height - 1
        guard case .rawMessage(_, let lines?, let scroll, _) = state.screen else { return }
        #expect(lines.count == 60)
        #expect(scroll == 60 - height)
        ViewFixture.press([.home, .down, .down], on: &state)
        #expect(state.screen == .rawMessage(id: 7, lines: lines, scroll: 2, reviewCursor: 0))
    }

    struct RawCase: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var lines: [String]
        var testDescription: String { name }
    }

    @Test("raw bytes for the screen: segments on their own lines, control characters visible", arguments: [
        RawCase(name: "CR ends a segment", bytes: Array("MSH|a\rPID|b\r".utf8), lines: ["MSH|a<CR>", "PID|b<CR>"]),
        RawCase(name: "CR LF is one break", bytes: Array("MSH|a\r\nPID|b".utf8), lines: ["MSH|a<CR><LF>", "PID|b"]),
        RawCase(name: "MLLP frame", bytes: [0x0B] + Array("MSH|a\r".utf8) + [0x1C, 0x0D], lines: ["<VT>MSH|a<CR>", "<FS><CR>"]),
        RawCase(name: "escape sequence and bell", bytes: Array("A\u{1B}[31mB\u{07}".utf8), lines: ["A<0x1B>[31mB<0x07>"]),
        RawCase(name: "Latin-1 byte", bytes: Array("M".utf8) + [0xFC] + Array("ller".utf8), lines: ["M\\xFCller"]),
        RawCase(name: "UTF-8 kept", bytes: Array("Müller 患者".utf8), lines: ["Müller 患者"]),
        RawCase(name: "empty", bytes: [], lines: [""]),
    ])
    func rawText(_ example: RawCase) {
        #expect(RawMessageText.lines(example.bytes) == example.lines)
    }
}
