/// A key the user pressed, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case enter, escape, tab, backTab, backspace
    /// F1–F63.
    case function(Int)
    /// A printable character (any script: `q`, `é`, `患`).
    case character(Character)
    /// Ctrl with a letter, lower-case (`.control("c")`), or with `@ \ ] ^ _`.
    case control(Character)
    /// Alt (Meta) with a printable character, sent by terminals as ESC + character.
    case alt(Character)
    /// The terminal changed size (curses `KEY_RESIZE`).
    case resize

    /// How help screens write the key: "q", "Enter", "Ctrl-C", "Alt-x", "PgDn", "F5".
    public var description: String {
        switch self {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .insert: return "Ins"
        case .delete: return "Del"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .function(let number): return "F\(number)"
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .control(let character): return "Ctrl-\(character.uppercased())"
        case .alt(let character): return "Alt-\(character)"
        case .resize: return "Resize"
        }
    }
}
