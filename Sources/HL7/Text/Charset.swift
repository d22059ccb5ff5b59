import Foundation

/// How a message's text bytes become strings.
public enum HL7TextEncoding: Sendable, Hashable {
    /// Strict UTF-8 (ASCII is its subset).
    case utf8
    /// ISO 8859-1: every byte is the code point of the same value.
    case latin1
    /// Another character set Foundation decodes: ISO 8859-2…9 and -15, GB 18030, Big5, EUC-KR, EUC-TW.
    case foundation(String.Encoding)
}

/// The character set a message was decoded with, and what MSH-18 said.
public struct HL7Charset: Sendable, Hashable {
    /// MSH-18 (first repetition) as sent; nil when the field is empty.
    public var declared: String?
    /// What text is actually decoded with, after validation and fallbacks.
    public var encoding: HL7TextEncoding

    public init(declared: String?, encoding: HL7TextEncoding) {
        self.declared = declared
        self.encoding = encoding
    }
}

/// Table 0211 names (and the misspellings real feeds send) mapped to encodings.
enum CharsetNames {
    enum Resolution: Equatable {
        case ascii
        case encoding(HL7TextEncoding)
        /// A name we recognise or not, but cannot decode on a byte-oriented parser.
        case unsupported
    }

    /// Resolves an MSH-18 value, ignoring case, spaces, `-`, `_`, `/` and `.`:
    /// `8859/1`, `ISO8859_1`, `ISO-8859-1` and `latin1` all name ISO 8859-1.
    static func resolve(_ name: String) -> Resolution {
        // The spellings table 0211 uses, answered before any normalisation.
        switch name {
        case "UNICODE UTF-8": return .encoding(.utf8)
        case "8859/1": return .encoding(.latin1)
        case "ASCII": return .ascii
        default: break
        }
        var normalised: [UInt8] = []
        for byte in name.utf8 where byte != 0x20 && byte != 0x2D && byte != 0x5F && byte != 0x2F && byte != 0x2E {
            normalised.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
        let key = String(decoding: normalised, as: UTF8.self)
        switch key {
        case "ASCII", "USASCII", "ISOIR6", "ANSIX34":
            return .ascii
        case "UNICODEUTF8", "UTF8", "UNICODE", "ISOIR192":
            return .encoding(.utf8)
        case "88591", "ISO88591", "LATIN1", "ISOLATIN1", "ISOIR100", "L1", "CP819", "IBM819":
            return .encoding(.latin1)
        default:
            break
        }
        if let part = iso8859Part(key), let cf = iso8859CoreFoundation[part] {
            return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0000 | cf)))
        }
        switch key {
        case "LATIN9", "ISOLATIN9": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_020F)))
        case "LATIN2", "ISOLATIN2": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0202)))
        case "GB180302000", "GB18030": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0632)))
        case "BIG5": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0A03)))
        case "KSX1001", "EUCKR": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0940)))
        case "CNS116431992", "EUCTW": return .encoding(.foundation(String.Encoding(rawValue: 0x8000_0931)))
        default: return .unsupported
        }
    }

    /// ISO 8859 part number in a normalised name such as `88592`, `ISO885915`.
    private static func iso8859Part(_ key: String) -> Int? {
        var rest = Substring(key)
        if rest.hasPrefix("ISO") { rest = rest.dropFirst(3) }
        guard rest.hasPrefix("8859"), rest.count > 4 else { return nil }
        return Int(rest.dropFirst(4))
    }

    // CoreFoundation's CFStringEncoding numbers; Foundation's String.Encoding is 0x8000_0000 | these.
    private static let iso8859CoreFoundation: [Int: UInt] = [
        2: 0x0202, 3: 0x0203, 4: 0x0204, 5: 0x0205, 6: 0x0206, 7: 0x0207, 8: 0x0208, 9: 0x0209,
        10: 0x020A, 13: 0x020D, 14: 0x020E, 15: 0x020F, 16: 0x0210,
    ]

    /// Chooses the encoding for a message and the warning to record, if any.
    /// - Parameters:
    ///   - declared: MSH-18 as sent, nil when empty.
    ///   - content: the message bytes.
    ///   - hasNonASCII: whether any byte is ≥ 0x80 (the parser knows this already).
    static func choose(declared: String?, content: ArraySlice<UInt8>, hasNonASCII: Bool) -> (HL7Charset, String?) {
        func validUTF8() -> Bool { !hasNonASCII || String(validating: content, as: UTF8.self) != nil }
        func fallback(_ reason: String) -> (HL7Charset, String?) {
            if validUTF8() {
                return (HL7Charset(declared: declared, encoding: .utf8), hasNonASCII ? reason + "; decoded as UTF-8" : nil)
            }
            return (HL7Charset(declared: declared, encoding: .latin1), reason + "; the bytes are not valid UTF-8, decoded as ISO 8859-1 (Latin-1)")
        }
        guard let declared else {
            if validUTF8() { return (HL7Charset(declared: nil, encoding: .utf8), nil) }
            return (HL7Charset(declared: nil, encoding: .latin1),
                    "MSH-18 is empty and the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)")
        }
        switch resolve(declared) {
        case .ascii:
            return fallback("MSH-18 declares ASCII but the message holds non-ASCII bytes")
        case .unsupported:
            let (charset, _) = fallback("")
            let how = charset.encoding == .utf8 ? "UTF-8" : "ISO 8859-1 (Latin-1)"
            return (charset, "MSH-18 character set '\(declared)' is not supported; decoded as \(how)")
        case .encoding(.utf8):
            if validUTF8() { return (HL7Charset(declared: declared, encoding: .utf8), nil) }
            return (HL7Charset(declared: declared, encoding: .latin1),
                    "MSH-18 declares UTF-8 but the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)")
        case .encoding(.foundation(let encoding)):
            if !hasNonASCII || String(bytes: content, encoding: encoding) != nil {
                return (HL7Charset(declared: declared, encoding: .foundation(encoding)), nil)
            }
            return (HL7Charset(declared: declared, encoding: .latin1),
                    "the bytes are not valid in MSH-18 character set '\(declared)'; decoded as ISO 8859-1 (Latin-1)")
        case .encoding(let encoding):
            return (HL7Charset(declared: declared, encoding: encoding), nil)
        }
    }
}

/// Turns bytes into a string in a given encoding; ASCII takes the fast path in every encoding.
enum TextDecoding {
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ encoding: HL7TextEncoding) -> String {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8:
            // Whole-message validity was checked at parse time; invalid bytes here can only come from
            // \Xhh\ escapes, which become U+FFFD.
            return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            return latin1(bytes[...])
        case .foundation(let foundationEncoding):
            return String(bytes: bytes, encoding: foundationEncoding) ?? latin1(bytes[...])
        }
    }

    /// `count` bytes at `start` as UTF-8, invalid sequences replaced by U+FFFD exactly as
    /// `String(decoding:as:)` replaces them. At least 8 bytes from `start` must be readable, even
    /// when `count` is smaller (`HL7Storage.buffer` is padded for this).
    ///
    /// Most HL7 fields fit a small (inline) string, which `String(unsafeUninitializedCapacity:)`
    /// assembles in a 16-byte buffer and then loads as two words. Writing the first eight bytes
    /// with one 8-byte store lets that load take the stored word straight back; several narrower
    /// stores would make it wait for all of them to reach the cache (a store-forwarding stall, about
    /// a third of this function's time). Bytes past `count` are not part of the string.
    @inline(__always)
    static func utf8(paddedFrom start: UnsafePointer<UInt8>, _ count: Int) -> String {
        guard count <= 15 else { return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
        let source = UnsafeRawPointer(start)
        return String(unsafeUninitializedCapacity: 15) { out in
            let target = UnsafeMutableRawPointer(out.baseAddress.unsafelyUnwrapped)
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            if count > 8 {
                // The rest, at most seven bytes, without writing past the capacity.
                let rest = count &- 8
                var offset = 8
                if rest & 4 != 0 {
                    target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt32.self), toByteOffset: offset, as: UInt32.self)
                    offset &+= 4
                }
                if rest & 2 != 0 {
                    target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt16.self), toByteOffset: offset, as: UInt16.self)
                    offset &+= 2
                }
                if rest & 1 != 0 {
                    target.storeBytes(of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self)
                }
            }
            return count
        }
    }

    static func string(_ bytes: [UInt8], _ encoding: HL7TextEncoding) -> String {
        bytes.withUnsafeBufferPointer { string($0, encoding) }
    }

    static func latin1(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var result = String()
        result.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes { result.unicodeScalars.append(Unicode.Scalar(byte)) }
        return result
    }

    /// Encodes text for a message in `encoding`; characters the set cannot hold become `?`.
    static func bytes(_ text: String, _ encoding: HL7TextEncoding) -> [UInt8] {
        switch encoding {
        case .utf8:
            return Array(text.utf8)
        case .latin1:
            return text.unicodeScalars.map { $0.value <= 0xFF ? UInt8($0.value) : 0x3F }
        case .foundation(let foundationEncoding):
            if let data = text.data(using: foundationEncoding, allowLossyConversion: true) { return [UInt8](data) }
            return text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : 0x3F }
        }
    }
}
