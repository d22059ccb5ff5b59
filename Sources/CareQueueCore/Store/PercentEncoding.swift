/// RFC 3986 percent-encoding for the parts of a `postgresql://` URL (user, host, database,
/// parameter values), byte by byte over UTF-8.
enum PercentEncoding {
    /// nil when an escape is malformed ("%4", "%zz") or the bytes are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Everything but RFC 3986's unreserved characters (and `keeping`) escaped, so the text reads
    /// back through `decode` whatever it holds (`@`, `:`, `/`, `?`, spaces).
    static func encode(_ text: String, keeping: Set<Character> = []) -> String {
        var out = ""
        for character in text {
            if keeping.contains(character) || (character.isASCII && (character.isLetter || character.isNumber || "-._~".contains(character))) {
                out.append(character)
                continue
            }
            for byte in String(character).utf8 {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
