import CNcursesw
import CareQueueTUI
import Testing

struct KeyCase: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: [CursesInput]
    var keys: [Key]
    var testDescription: String { name }
}

private func text(_ string: String) -> [CursesInput] { string.unicodeScalars.map { .character($0.value) } }

@Suite("Key decoding")
struct KeyDecoderTests {
    static let cases: [KeyCase] = [
        KeyCase(name: "arrows", inputs: [.keyCode(0o403), .keyCode(0o402), .keyCode(0o404), .keyCode(0o405)],
                keys: [.up, .down, .left, .right]),
        KeyCase(name: "Home End PgUp PgDn", inputs: [.keyCode(0o406), .keyCode(0o550), .keyCode(0o523), .keyCode(0o522)],
                keys: [.home, .end, .pageUp, .pageDown]),
        KeyCase(name: "Enter as CR, LF and KEY_ENTER", inputs: [.character(13), .character(10), .keyCode(0o527)],
                keys: [.enter, .enter, .enter]),
        KeyCase(name: "Tab and BackTab", inputs: [.character(9), .keyCode(0o541)], keys: [.tab, .backTab]),
        KeyCase(name: "Backspace as DEL, BS and KEY_BACKSPACE", inputs: [.character(127), .character(8), .keyCode(0o407)],
                keys: [.backspace, .backspace, .backspace]),
        KeyCase(name: "Delete and Insert", inputs: [.keyCode(0o512), .keyCode(0o513)], keys: [.delete, .insert]),
        KeyCase(name: "function keys", inputs: [.keyCode(0o410 + 1), .keyCode(0o410 + 12)], keys: [.function(1), .function(12)]),
        KeyCase(name: "resize", inputs: [.keyCode(0o632)], keys: [.resize]),
        KeyCase(name: "mouse and unknown codes ignored", inputs: [.keyCode(0o631), .keyCode(0o777)], keys: []),
        KeyCase(name: "Ctrl-C and Ctrl-L", inputs: [.character(3), .character(12)], keys: [.control("c"), .control("l")]),
        KeyCase(name: "Ctrl-@ and Ctrl-_", inputs: [.character(0), .character(31)], keys: [.control("@"), .control("_")]),
        KeyCase(name: "printable ASCII", inputs: text("q/ "), keys: [.character("q"), .character("/"), .character(" ")]),
        KeyCase(name: "printable Unicode from get_wch", inputs: text("é患"), keys: [.character("é"), .character("患")]),
        KeyCase(name: "lone Esc", inputs: [.character(27)], keys: [.escape]),
        KeyCase(name: "Esc Esc", inputs: [.character(27), .character(27)], keys: [.escape, .escape]),
        KeyCase(name: "Alt-x is ESC x", inputs: text("\u{1B}x"), keys: [.alt("x")]),
        KeyCase(name: "Esc then an arrow curses decoded", inputs: [.character(27), .keyCode(0o402)], keys: [.escape, .down]),
        KeyCase(name: "unknown CSI sequence dropped whole", inputs: text("\u{1B}[1;5Aq"), keys: [.character("q")]),
        KeyCase(name: "unknown SS3 sequence dropped whole", inputs: text("\u{1B}OPj"), keys: [.character("j")]),
        KeyCase(name: "incomplete CSI is Alt-[ then text", inputs: text("\u{1B}[1;"),
                keys: [.alt("["), .character("1"), .character(";")]),
        KeyCase(name: "Esc before a control character", inputs: [.character(27), .character(3)], keys: [.escape, .control("c")]),
        KeyCase(name: "C1 controls ignored", inputs: [.character(0x9B), .character(0x85)], keys: []),
    ]

    @Test("curses input to keys", arguments: cases)
    func decode(_ example: KeyCase) {
        #expect(KeyDecoder.keys(from: example.inputs) == example.keys)
    }

    @Test("the key codes match this system's <curses.h>")
    func keyCodesMatchCurses() {
        #expect(CursesKeyCode.down == KEY_DOWN)
        #expect(CursesKeyCode.up == KEY_UP)
        #expect(CursesKeyCode.left == KEY_LEFT)
        #expect(CursesKeyCode.right == KEY_RIGHT)
        #expect(CursesKeyCode.home == KEY_HOME)
        #expect(CursesKeyCode.end == KEY_END)
        #expect(CursesKeyCode.backspace == KEY_BACKSPACE)
        #expect(CursesKeyCode.functionBase == KEY_F0)
        #expect(CursesKeyCode.deleteCharacter == KEY_DC)
        #expect(CursesKeyCode.insertCharacter == KEY_IC)
        #expect(CursesKeyCode.nextPage == KEY_NPAGE)
        #expect(CursesKeyCode.previousPage == KEY_PPAGE)
        #expect(CursesKeyCode.enter == KEY_ENTER)
        #expect(CursesKeyCode.backTab == KEY_BTAB)
        #expect(CursesKeyCode.mouse == KEY_MOUSE)
        #expect(CursesKeyCode.resize == KEY_RESIZE)
    }

    @Test("keys name themselves the way help screens show them", arguments: [
        (Key.control("c"), "Ctrl-C"), (.character("q"), "q"), (.character(" "), "Space"), (.pageDown, "PgDn"),
        (.backTab, "Shift-Tab"), (.alt("x"), "Alt-x"), (.function(5), "F5"), (.enter, "Enter"),
    ])
    func descriptions(_ key: Key, _ name: String) {
        #expect(key.description == name)
    }
}
