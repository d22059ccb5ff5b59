/// How coded values from a message (OBX-8 flags, OBX-11 and OBR-25 statuses, configured codes) are
/// compared: without surrounding white space and, for flags and statuses, without case.
///
/// The same answers as `trimmingCharacters(in: .whitespaces)` and `uppercased()`, without
/// Foundation and without a new string when the code is already plain ASCII (the usual case).
enum CodeText {
    /// True for the scalars Foundation's `CharacterSet.whitespaces` holds on this platform: tab,
    /// the space separators (Unicode category Zs) and U+200B ZERO WIDTH SPACE.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `code` without leading and trailing white space.
    static func trimmed(_ code: String) -> String {
        transformed(code, upperCase: false)
    }

    /// `code` trimmed and upper-cased ("n " → "N").
    static func normalized(_ code: String) -> String {
        transformed(code, upperCase: true)
    }

    /// True when `code`, upper-cased, is exactly `upper` (an ASCII code such as "D"); no string is
    /// made unless `code` holds non-ASCII characters (`ı` upper-cases to `I`).
    static func equalsIgnoringCase(_ code: String, _ upper: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: upper.utf8Start, count: upper.utf8CodeUnitCount)
        let answer = code.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            guard high < 0x80 else { return nil }
            guard bytes.count == expected.count else { return false }
            for index in bytes.indices where asciiUpper(bytes[index]) != expected[index] { return false }
            return true
        }
        if let known = answer ?? nil { return known }
        return code.uppercased().utf8.elementsEqual(expected)
    }

    private enum Change {
        case none
        case ascii(Range<Int>, upperCase: Bool)
        case general
    }

    private static func transformed(_ code: String, upperCase: Bool) -> String {
        let change = code.utf8.withContiguousStorageIfAvailable { bytes -> Change in
            var high: UInt8 = 0
            var hasLower = false
            for byte in bytes {
                high |= byte
                if byte >= 0x61 && byte <= 0x7A { hasLower = true }
            }
            guard high < 0x80 else { return .general }
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            let upper = upperCase && hasLower
            return start == 0 && end == bytes.count && !upper ? .none : .ascii(start..<end, upperCase: upper)
        } ?? .general
        switch change {
        case .none:
            return code
        case .ascii(let range, let upper):
            let utf8 = Array(code.utf8)[range]
            return String(decoding: upper ? utf8.map(asciiUpper) : Array(utf8), as: UTF8.self)
        case .general:
            let scalars = code.unicodeScalars
            var lower = scalars.startIndex
            var upper = scalars.endIndex
            while lower < upper, isWhitespace(scalars[lower]) { lower = scalars.index(after: lower) }
            while upper > lower, isWhitespace(scalars[scalars.index(before: upper)]) { upper = scalars.index(before: upper) }
            let trimmed = String(scalars[lower..<upper])
            return upperCase ? trimmed.uppercased() : trimmed
        }
    }

    @inline(__always)
    private static func asciiUpper(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
    }
}
