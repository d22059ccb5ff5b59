/// One value from curses `get_wch`: a character, or a key code (`KEY_CODE_YES`).
public enum CursesInput: Hashable, Sendable {
    /// `get_wch` returned OK: a Unicode scalar value (or a C0 control byte).
    case character(UInt32)
    /// `get_wch` returned KEY_CODE_YES: a curses key code (`KEY_DOWN` …).
    case keyCode(Int32)
}

/// The curses key codes CareQueue understands (ncurses' fixed values, as in `<curses.h>`).
public enum CursesKeyCode {
    public static let down: Int32 = 0o402
    public static let up: Int32 = 0o403
    public static let left: Int32 = 0o404
    public static let right: Int32 = 0o405
    public static let home: Int32 = 0o406
    public static let backspace: Int32 = 0o407
    /// `KEY_F(n)` is `functionBase + n`.
    public static let functionBase: Int32 = 0o410
    public static let deleteCharacter: Int32 = 0o512
    public static let insertCharacter: Int32 = 0o513
    public static let nextPage: Int32 = 0o522
    public static let previousPage: Int32 = 0o523
    public static let enter: Int32 = 0o527
    public static let backTab: Int32 = 0o541
    public static let end: Int32 = 0o550
    public static let mouse: Int32 = 0o631
    public static let resize: Int32 = 0o632
}

/// Turns what curses read into `Key`s. Pure, so key handling is testable without a terminal.
public enum KeyDecoder {
    /// The keys in one batch of input read without waiting.
    ///
    /// curses (with `keypad` and `ESCDELAY`) already turns the escape sequences terminfo knows
    /// into key codes and waits `ESCDELAY` before giving up on a lone ESC; what remains here:
    /// ESC followed by a printable character is Alt + that character; ESC `[` or ESC `O` with a
    /// complete control sequence curses did not know (Ctrl-arrows on some terminals) is dropped
    /// whole rather than typed as text; an ESC with nothing after it is Esc.
    public static func keys(from inputs: [CursesInput]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < inputs.count {
            if case .character(0x1B) = inputs[index] {
                let (key, consumed) = decodeEscape(inputs, at: index)
                if let key { keys.append(key) }
                index += consumed
                continue
            }
            if let key = key(for: inputs[index]) { keys.append(key) }
            index += 1
        }
        return keys
    }

    /// The key for one input on its own; nil for input that means nothing to us (mouse, C1).
    public static func key(for input: CursesInput) -> Key? {
        switch input {
        case .keyCode(let code): return key(forCode: code)
        case .character(let value): return key(forCharacter: value)
        }
    }

    private static func key(forCode code: Int32) -> Key? {
        switch code {
        case CursesKeyCode.down: return .down
        case CursesKeyCode.up: return .up
        case CursesKeyCode.left: return .left
        case CursesKeyCode.right: return .right
        case CursesKeyCode.home: return .home
        case CursesKeyCode.end: return .end
        case CursesKeyCode.backspace: return .backspace
        case CursesKeyCode.deleteCharacter: return .delete
        case CursesKeyCode.insertCharacter: return .insert
        case CursesKeyCode.nextPage: return .pageDown
        case CursesKeyCode.previousPage: return .pageUp
        case CursesKeyCode.enter: return .enter
        case CursesKeyCode.backTab: return .backTab
        case CursesKeyCode.resize: return .resize
        case (CursesKeyCode.functionBase + 1)...(CursesKeyCode.functionBase + 63):
            return .function(Int(code - CursesKeyCode.functionBase))
        default: return nil
        }
    }

    private static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x00: return .control("@")
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(0x60 + value)!))
        case 0x1C...0x1F: return .control(Character(Unicode.Scalar(0x40 + value)!))
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Decodes the ESC at `start`; returns the key (nil for a dropped sequence) and inputs used.
    private static func decodeEscape(_ inputs: [CursesInput], at start: Int) -> (Key?, Int) {
        guard start + 1 < inputs.count, case .character(let next) = inputs[start + 1] else {
            return (.escape, 1)
        }
        if next == 0x5B || next == 0x4F, let length = controlSequenceLength(inputs, parametersAt: start + 2) {
            return (nil, 2 + length)
        }
        if next >= 0x20, next != 0x7F, next < 0x80 || next >= 0xA0, let scalar = Unicode.Scalar(next) {
            return (.alt(Character(scalar)), 2)
        }
        return (.escape, 1)
    }

    /// Length of parameter, intermediate and final bytes from `start`, or nil when incomplete.
    private static func controlSequenceLength(_ inputs: [CursesInput], parametersAt start: Int) -> Int? {
        var index = start
        func value(at position: Int) -> UInt32? {
            guard position < inputs.count, case .character(let value) = inputs[position] else { return nil }
            return value
        }
        while let byte = value(at: index), (0x30...0x3F).contains(byte) { index += 1 }
        while let byte = value(at: index), (0x20...0x2F).contains(byte) { index += 1 }
        guard let final = value(at: index), (0x40...0x7E).contains(final) else { return nil }
        return index + 1 - start
    }
}
