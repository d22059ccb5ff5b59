/// A stored message's bytes made safe for the screen: one segment per line, every control
/// character visible (`<CR>`, `<VT>`, `<FS>`, `<0x07>`), bytes that are not UTF-8 as `\xNN`.
public enum RawMessageText {
    static let names: [UInt8: String] = [0x0B: "<VT>", 0x0D: "<CR>", 0x0A: "<LF>", 0x1C: "<FS>", 0x09: "<TAB>"]

    /// The message as screen lines: a line ends after each `<CR>` (HL7's segment terminator),
    /// `<LF>` or `<FS>`.
    public static func lines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var line = ""
        var pending: [UInt8] = []
        func flushText() {
            guard !pending.isEmpty else { return }
            line += text(pending)
            pending = []
        }
        for (index, byte) in bytes.enumerated() {
            if byte < 0x20 || byte == 0x7F {
                flushText()
                line += names[byte] ?? "<0x" + hex(byte) + ">"
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                // CR LF, and MLLP's closing FS CR, stay one line break.
                let breaks = byte == 0x0A || (byte == 0x1C && next != 0x0D) || (byte == 0x0D && next != 0x0A)
                if breaks {
                    lines.append(line)
                    line = ""
                }
            } else {
                pending.append(byte)
            }
        }
        flushText()
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Printable bytes as UTF-8 where they are valid, `\xNN` where they are not.
    private static func text(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var result = ""
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes[index])
            if length > 0, index + length <= bytes.count,
               let scalar = String(validating: bytes[index..<index + length], as: UTF8.self) {
                result += scalar
                index += length
            } else {
                result += "\\x" + hex(bytes[index])
                index += 1
            }
        }
        return result
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00..<0x80: return 1
        case 0xC2..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        case 0xF0..<0xF5: return 4
        default: return 0
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
