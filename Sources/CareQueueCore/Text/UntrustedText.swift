/// Rules for text that came from the network (HL7 fields, peer addresses): which characters are
/// controls, how they are shown, and how a value is made safe for a log line.
public enum UntrustedText {
    /// True for C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F).
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (value >= 0x7F && value < 0xA0)
    }

    /// True when `text` holds any control character (tab and line breaks included).
    public static func hasControlCharacters(_ text: String) -> Bool {
        // On UTF-8: C0 controls and DEL are single bytes; C1 controls (U+0080–U+009F) are
        // C2 80 … C2 9F, and a C2 byte is never anything but a lead byte in valid UTF-8.
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x7F { return true }
                if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] < 0xA0 { return true }
                index += 1
            }
            return false
        }
        return found ?? text.unicodeScalars.contains(where: isControl)
    }

    /// True when `text` is empty or only white space (spaces, tabs, no-break spaces …).
    public static func isBlank(_ text: String) -> Bool {
        // Most values start with a printable ASCII character: answered from the first byte.
        if let first = text.utf8.first, first < 0x80, first != 0x20, !(0x09...0x0D).contains(first) { return false }
        return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// `text` with every control character shown as `<0xNN>`, as the raw message view shows them;
    /// with `keepingLayout`, tab, CR and LF stay (they lay out report text).
    ///
    /// Nothing is dropped, so a value is never cut short; and no store can hold U+0000 in text
    /// (SQLite's C strings end there, PostgreSQL refuses it), which is why derived fields keep this form
    /// while the raw message keeps the bytes.
    public static func visible(_ text: String, keepingLayout: Bool = false) -> String {
        guard hasControlCharacters(text) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isControl(scalar), !(keepingLayout && (value == 0x09 || value == 0x0A || value == 0x0D)) {
                shown.append(contentsOf: "<0x\(hex(UInt8(value)))>".unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    /// The longest value a log line carries, in escaped characters.
    public static let logLimit = 64

    /// `text` fit for one log line: printable ASCII as is, a backslash as `\\`, every other byte of
    /// its UTF-8 as `\xNN`, cut to `limit` characters with `…` — so a field can neither forge a
    /// line, drive the terminal that shows the log, nor flood it.
    public static func forLog(_ text: String, limit: Int = logLimit) -> String {
        var escaped = ""
        escaped.reserveCapacity(min(text.utf8.count, limit) + 1)
        var length = 0
        for byte in text.utf8 {
            let piece: String
            switch byte {
            case 0x5C: piece = "\\\\"
            case 0x20..<0x7F: piece = String(UnicodeScalar(byte))
            default: piece = "\\x" + hex(byte)
            }
            if length + piece.count > limit {
                return escaped + "…"
            }
            escaped += piece
            length += piece.count
        }
        return escaped
    }

    private static let digits = Array("0123456789ABCDEF")

    private static func hex(_ byte: UInt8) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
