/// A value in the TOML subset that configuration and theme files use.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case decimal(Double)
    case boolean(Bool)
    case strings([String])

    /// "a string", "an integer"… for messages such as "port must be an integer, not a string".
    public var kindDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .decimal: return "a decimal number"
        case .boolean: return "a boolean"
        case .strings: return "an array"
        }
    }
}

/// One `key = value` line, with the line it is on.
public struct TOMLEntry: Sendable, Equatable {
    /// The key as written; a dotted key such as `age.overdue` is one flat name.
    public var key: String
    public var value: TOMLValue
    public var line: Int

    public init(key: String, value: TOMLValue, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// One `[section]` and its entries in file order.
public struct TOMLSection: Sendable, Equatable {
    public var name: String
    /// The line of the `[section]` header.
    public var line: Int
    public var entries: [TOMLEntry]

    public init(name: String, line: Int, entries: [TOMLEntry] = []) {
        self.name = name
        self.line = line
        self.entries = entries
    }

    /// The entry for `key`, if the section has one.
    public subscript(key: String) -> TOMLEntry? { entries.first { $0.key == key } }
}

/// A parsed file of the TOML subset: `[section]`, `key = value`, `#` comments.
///
/// Values are `"strings"` (escapes `\"`, `\\`, `\n`, `\t`), integers, decimals, `true`/`false`
/// and arrays of strings (which may span lines). Duplicate keys and duplicate sections are errors.
public struct TOMLDocument: Sendable, Equatable {
    /// Entries above the first `[section]` header.
    public var topLevel: [TOMLEntry]
    /// Sections in file order.
    public var sections: [TOMLSection]

    public init(topLevel: [TOMLEntry] = [], sections: [TOMLSection] = []) {
        self.topLevel = topLevel
        self.sections = sections
    }

    /// The section called `name`, if the file has one.
    public subscript(section name: String) -> TOMLSection? { sections.first { $0.name == name } }

    /// Parses `text`; errors name `file` and the line: `config.toml:7: unterminated string`.
    public static func parse(_ text: String, file: String) throws(FileLineError) -> TOMLDocument {
        var problems: [FileLineError] = []
        let document = parse(text, file: file, problems: &problems)
        if let first = problems.first { throw first }
        return document
    }

    /// Parses `text` past its errors: each bad line is added to `problems` and skipped, and the
    /// entries under a bad section header are left out (they would only repeat the header's error).
    public static func parse(_ text: String, file: String, problems: inout [FileLineError]) -> TOMLDocument {
        var scanner = TOMLScanner(text: text, file: file)
        return scanner.document(problems: &problems)
    }
}

/// A single pass over the text's scalars, tracking the line number.
private struct TOMLScanner {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1

    init(text: String, file: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.file = file
    }

    mutating func document(problems: inout [FileLineError]) -> TOMLDocument {
        var result = TOMLDocument()
        var sectionLines: [String: Int] = [:]
        var keyLines: [String: Int] = [:]
        var inBadSection = false

        while true {
            skipBlanks()
            guard let scalar = peek() else { break }
            do throws(FileLineError) {
                switch scalar {
                case "\n":
                    advance()
                case "#":
                    skipComment()
                case "[":
                    inBadSection = true
                    let (name, headerLine) = try sectionHeader()
                    if let first = sectionLines[name] {
                        throw failure("duplicate section [\(name)] (first on line \(first))", at: headerLine)
                    }
                    inBadSection = false
                    sectionLines[name] = headerLine
                    keyLines = [:]
                    result.sections.append(TOMLSection(name: name, line: headerLine))
                    try expectLineEnd(after: "the section header")
                default:
                    let entry = try keyValue()
                    if !inBadSection {
                        if let first = keyLines[entry.key] {
                            let place = result.sections.last.map { " in [\($0.name)]" } ?? ""
                            throw failure("duplicate key '\(entry.key)'\(place) (first on line \(first))", at: entry.line)
                        }
                        keyLines[entry.key] = entry.line
                        if result.sections.isEmpty {
                            result.topLevel.append(entry)
                        } else {
                            result.sections[result.sections.count - 1].entries.append(entry)
                        }
                    }
                    try expectLineEnd(after: "the value of '\(entry.key)'")
                }
            } catch {
                problems.append(error)
                skipRestOfLine()
            }
        }
        return result
    }

    // MARK: Lines

    private mutating func sectionHeader() throws(FileLineError) -> (String, Int) {
        let headerLine = line
        advance() // "["
        if peek() == "[" {
            throw failure("arrays of tables ([[…]]) are not supported")
        }
        var raw = String.UnicodeScalarView()
        while let scalar = peek(), scalar != "]", scalar != "\n" {
            raw.append(scalar)
            advance()
        }
        guard peek() == "]" else { throw failure("expected ']' to close the section header") }
        advance()
        let name = String(raw).trimmingBlanks()
        guard !name.isEmpty else { throw failure("empty section name") }
        guard Self.isValidName(name) else { throw failure("invalid section name '\(name)'") }
        return (name, headerLine)
    }

    private mutating func keyValue() throws(FileLineError) -> TOMLEntry {
        let keyLine = line
        let key = bareWord(stoppingAt: ["="])
        guard !key.isEmpty else {
            throw failure("expected a key, found '\(restOfLine())'")
        }
        guard Self.isValidName(key) else { throw failure("invalid key '\(key)'") }
        skipBlanks()
        guard peek() == "=" else { throw failure("expected '=' after key '\(key)'") }
        advance()
        skipBlanks()
        guard let start = peek(), start != "\n", start != "#" else {
            throw failure("missing value for key '\(key)'")
        }
        let value: TOMLValue
        switch start {
        case "\"": value = .string(try quotedString())
        case "[": value = .strings(try stringArray())
        default: value = try bareValue()
        }
        return TOMLEntry(key: key, value: value, line: keyLine)
    }

    private mutating func expectLineEnd(after what: String) throws(FileLineError) {
        skipBlanks()
        switch peek() {
        case nil: return
        case "\n": advance()
        case "#": skipComment()
        default: throw failure("unexpected text after \(what): '\(restOfLine())'")
        }
    }

    // MARK: Values

    private mutating func quotedString() throws(FileLineError) -> String {
        advance() // opening quote
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw failure("unterminated string")
            }
            advance()
            switch scalar {
            case "\"":
                return String(text)
            case "\\":
                guard let escaped = peek(), escaped != "\n", escaped != "\r" else {
                    throw failure("unterminated string")
                }
                advance()
                switch escaped {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "n": text.append("\n")
                case "t": text.append("\t")
                default:
                    throw failure("unsupported escape '\\\(escaped)' in string (write \\\\ for a backslash)")
                }
            default:
                text.append(scalar)
            }
        }
    }

    /// `["a", "b"]`; may span lines and hold comments between elements.
    private mutating func stringArray() throws(FileLineError) -> [String] {
        let openLine = line
        advance() // "["
        var items: [String] = []
        var expectingItem = true
        while true {
            skipBlanksNewlinesAndComments()
            guard let scalar = peek() else {
                throw failure("unterminated array", at: openLine)
            }
            switch scalar {
            case "]":
                advance()
                return items
            case "\"" where expectingItem:
                items.append(try quotedString())
                expectingItem = false
            case "," where !expectingItem:
                advance()
                expectingItem = true
            default:
                if expectingItem {
                    let word = bareWord(stoppingAt: [",", "]"])
                    throw failure("arrays may hold only strings, found '\(word.isEmpty ? String(scalar) : word)'")
                }
                throw failure("expected ',' or ']' in array")
            }
        }
    }

    /// `true`, `false`, an integer or a decimal.
    private mutating func bareValue() throws(FileLineError) -> TOMLValue {
        let word = bareWord(stoppingAt: [",", "]"])
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        if Self.isInteger(word) {
            guard let number = Int(word) else { throw failure("integer out of range: \(word)") }
            return .integer(number)
        }
        if Self.isDecimal(word), let number = Double(word), number.isFinite {
            return .decimal(number)
        }
        let shown = word.isEmpty ? restOfLine() : word
        throw failure("invalid value '\(shown)' (strings need double quotes)")
    }

    // MARK: Words and names

    /// Bare-key characters and anything else up to whitespace, a comment, a line end or `stops`.
    private mutating func bareWord(stoppingAt stops: Set<Unicode.Scalar>) -> String {
        var word = String.UnicodeScalarView()
        while let scalar = peek(), !Self.isBlank(scalar), scalar != "\n", scalar != "#",
              !stops.contains(scalar) {
            word.append(scalar)
            advance()
        }
        return String(word)
    }

    private static func isValidName(_ name: String) -> Bool {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-", ".": return true
            default: return false
            }
        }
        // A dotted name is flat, but each part must be non-empty: "a..b" is a typo.
        return allowed && !name.split(separator: ".", omittingEmptySubsequences: false).contains { $0.isEmpty }
    }

    private static func isInteger(_ word: String) -> Bool {
        var digits = Substring(word)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    private static func isDecimal(_ word: String) -> Bool {
        var rest = Substring(word)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            return false
        }
        if exponent.isEmpty { return parts.count == 2 }
        var exponentDigits = exponent.dropFirst()
        if exponentDigits.first == "+" || exponentDigits.first == "-" { exponentDigits = exponentDigits.dropFirst() }
        return !exponentDigits.isEmpty && exponentDigits.allSatisfy(\.isASCIIDigit)
    }

    // MARK: Characters

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        // "\r" counts as blank so CRLF files read like LF files.
        scalar == " " || scalar == "\t" || scalar == "\r"
    }

    private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1 }
        index += 1
    }

    private mutating func skipBlanks() {
        while let scalar = peek(), Self.isBlank(scalar) { advance() }
    }

    private mutating func skipComment() {
        while let scalar = peek(), scalar != "\n" { advance() }
    }

    /// Past the line the scanner is on, to resume after an error.
    private mutating func skipRestOfLine() {
        skipComment()
        if peek() == "\n" { advance() }
    }

    private mutating func skipBlanksNewlinesAndComments() {
        while let scalar = peek() {
            if Self.isBlank(scalar) || scalar == "\n" {
                advance()
            } else if scalar == "#" {
                skipComment()
            } else {
                return
            }
        }
    }

    /// The rest of the current line without consuming it, for messages.
    private func restOfLine() -> String {
        var end = index
        while end < scalars.count, scalars[end] != "\n", scalars[end] != "\r" { end += 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[index..<end])
        return String(view)
    }

    private func failure(_ message: String, at line: Int? = nil) -> FileLineError {
        FileLineError(file: file, line: line ?? self.line, message: message)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingBlanks() -> String {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        var view = Substring(self).unicodeScalars
        while let first = view.first, blank(first) { view.removeFirst() }
        while let last = view.last, blank(last) { view.removeLast() }
        return String(view)
    }
}
