/// Decodes HL7 escape sequences in one left-to-right pass, with the escape character from MSH-2.
///
/// | sequence | becomes |
/// |---|---|
/// | `\F\ \S\ \T\ \R\ \E\` | the field, component, sub-component, repetition separator, the escape character |
/// | `\P\` | the truncation character, when MSH-2 declares one (v2.7+) |
/// | `\Xhh…\` | those bytes, read in the message's character set |
/// | `\.br\` | a newline |
/// | `\.sp n\` | n newlines (1 when absent, at most 20) |
/// | `\.sk n\` | n spaces (1 when absent, at most 80) |
/// | `\.ce\` | a newline (centring has no plain-text meaning) |
/// | `\H\` `\N\` | highlight on / off: dropped from `text`, kept as runs in `styledText` |
/// | `\.in ±n\ \.ti ±n\ \.fi\ \.nf\` | dropped (layout hints only) |
/// | `\Cxxyy\ \Mxxyyzz\` | dropped (character-set switches are not supported) |
///
/// Anything else — an unknown sequence (`\Zxx\`, `\Q\`), an unterminated one, a raw backslash as
/// in `4\5` — passes through unchanged. A sequence never spans a separator. CR and LF bytes (line
/// breaks of wrapped continuation lines) are removed.
enum EscapeDecoding {
    struct Decoded {
        var bytes: [UInt8]
        /// Where highlighting switched on or off, as offsets into `bytes`.
        var highlights: [(offset: Int, on: Bool)]
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>, delimiters: HL7Delimiters) -> Decoded {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var highlights: [(offset: Int, on: Bool)] = []
        let escape = delimiters.escape
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            let byte = input[i]
            if byte == HL7Parser.cr || byte == HL7Parser.lf {
                i += 1
                continue
            }
            guard byte == escape else {
                out.append(byte)
                i += 1
                continue
            }
            var close = i + 1
            while close < end {
                let candidate = input[close]
                if candidate == escape || delimiters.isStructural(candidate)
                    || candidate == HL7Parser.cr || candidate == HL7Parser.lf { break }
                close += 1
            }
            guard close < end, input[close] == escape else {
                out.append(byte)
                i += 1
                continue
            }
            let body = UnsafeBufferPointer(rebasing: input[(i + 1)..<close])
            switch interpret(body[...], delimiters: delimiters) {
            case .bytes(let replacement):
                out.append(contentsOf: replacement)
            case .highlight(let on):
                highlights.append((out.count, on))
            case .drop:
                break
            case .unknown:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i...close]))
            }
            i = close + 1
        }
        return Decoded(bytes: out, highlights: highlights)
    }

    enum Meaning {
        case bytes([UInt8])
        case highlight(Bool)
        case drop
        case unknown
    }

    static func interpret(_ body: Slice<UnsafeBufferPointer<UInt8>>, delimiters: HL7Delimiters) -> Meaning {
        guard let first = body.first else { return .unknown }
        let rest = body.dropFirst()
        switch first {
        case 0x46 where rest.isEmpty: return .bytes([delimiters.field])          // F
        case 0x53 where rest.isEmpty: return .bytes([delimiters.component])      // S
        case 0x54 where rest.isEmpty: return .bytes([delimiters.subcomponent])   // T
        case 0x52 where rest.isEmpty: return .bytes([delimiters.repetition])     // R
        case 0x45 where rest.isEmpty: return .bytes([delimiters.escape])         // E
        case 0x50 where rest.isEmpty:                                            // P
            return delimiters.truncation.map { .bytes([$0]) } ?? .unknown
        case 0x48 where rest.isEmpty: return .highlight(true)                    // H
        case 0x4E where rest.isEmpty: return .highlight(false)                   // N
        case 0x58:                                                               // Xhh…
            return hexBytes(rest).map { .bytes($0) } ?? .unknown
        case 0x43:                                                               // Cxxyy
            return rest.count == 4 && hexBytes(rest) != nil ? .drop : .unknown
        case 0x4D:                                                               // Mxxyy[zz]
            return (rest.count == 4 || rest.count == 6) && hexBytes(rest) != nil ? .drop : .unknown
        case 0x2E:                                                               // .xx formatting
            return formatting(rest)
        default:
            return .unknown
        }
    }

    private static func formatting(_ body: Slice<UnsafeBufferPointer<UInt8>>) -> Meaning {
        guard body.count >= 2 else { return .unknown }
        let command = String(decoding: body.prefix(2), as: UTF8.self)
        let argument = body.dropFirst(2)
        switch command {
        case "br", "ce", "fi", "nf":
            guard argument.isEmpty else { return .unknown }
            return command == "br" || command == "ce" ? .bytes([0x0A]) : .drop
        case "sp":
            guard let count = number(argument, signed: false) else { return .unknown }
            return .bytes(Array(repeating: 0x0A, count: min(max(count ?? 1, 1), 20)))
        case "sk":
            guard let count = number(argument, signed: false) else { return .unknown }
            return .bytes(Array(repeating: 0x20, count: min(max(count ?? 1, 1), 80)))
        case "in", "ti":
            guard number(argument, signed: true) != nil else { return .unknown }
            return .drop
        default:
            return .unknown
        }
    }

    /// Parses an optional ` [±]digits` argument: `.some(nil)` when absent, nil when malformed.
    private static func number(_ argument: Slice<UnsafeBufferPointer<UInt8>>, signed: Bool) -> Int?? {
        var digits = argument.drop { $0 == 0x20 }
        if digits.isEmpty { return .some(nil) }
        if signed, let sign = digits.first, sign == 0x2B || sign == 0x2D { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return .some(digits.reduce(0) { $0 * 10 + Int($1 - 0x30) })
    }

    /// Even-length hex digits to bytes; nil when empty, odd or not hex.
    static func hexBytes(_ hex: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        guard !hex.isEmpty, hex.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(hex.count / 2)
        var i = hex.startIndex
        while i < hex.endIndex {
            guard let high = nibble(hex[i]), let low = nibble(hex[i + 1]) else { return nil }
            result.append(high << 4 | low)
            i += 2
        }
        return result
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}

/// Escapes text for a field, so delimiters in data cannot split it.
enum EscapeEncoding {
    /// `|` → `\F\`, `^` → `\S\`, `&` → `\T\`, `~` → `\R\`, `\` → `\E\`, the truncation character →
    /// `\P\`, LF → `\.br\` (or `\X0A\`), CR → `\X0D\` (with the message's own delimiters).
    static func escape(_ text: String, delimiters: HL7Delimiters, encoding: HL7TextEncoding,
                       lineFeed: HL7LineFeedEscape = .lineBreak) -> [UInt8] {
        let input = TextDecoding.bytes(text, encoding)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        let e = delimiters.escape
        for byte in input {
            let sequence: [UInt8]?
            switch byte {
            case delimiters.field: sequence = [0x46]
            case delimiters.component: sequence = [0x53]
            case delimiters.subcomponent: sequence = [0x54]
            case delimiters.repetition: sequence = [0x52]
            case delimiters.escape: sequence = [0x45]
            case 0x0A: sequence = Array((lineFeed == .lineBreak ? ".br" : "X0A").utf8)
            case 0x0D: sequence = Array("X0D".utf8)
            default: sequence = delimiters.truncation == byte ? [0x50] : nil
            }
            if let sequence {
                out.append(e)
                out.append(contentsOf: sequence)
                out.append(e)
            } else {
                out.append(byte)
            }
        }
        return out
    }
}
