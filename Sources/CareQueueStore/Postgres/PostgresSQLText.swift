import Foundation

/// The two rewrites PostgreSQL needs of store SQL text, done by one scanner that knows where SQL
/// text is not code: '…' strings, "…" identifiers, $tag$…$tag$ bodies and comments.
///
/// - `?` placeholders become `$1`, `$2`, … (postgres-nio speaks the extended protocol, which numbers them);
/// - a script becomes its statements (the extended protocol runs one at a time).
enum PostgresSQLText {
    /// `sql` with each `?` outside quotes and comments numbered in order.
    static func numberingPlaceholders(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        scan(sql) { piece, isCode in
            guard isCode, piece.contains("?") else { output += piece; return }
            for character in piece {
                if character == "?" {
                    number += 1
                    output += "$\(number)"
                } else {
                    output.append(character)
                }
            }
        }
        return output
    }

    /// The statements of `script`, split at each `;` that ends one, trimmed; empty ones dropped.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        scan(script) { piece, isCode in
            guard isCode, piece.contains(";") else { current += piece; return }
            for character in piece {
                if character == ";" {
                    statements.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !isOnlyComments($0) }
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        var code = ""
        scan(statement) { piece, isCode in if isCode { code += piece } }
        return code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// Calls `emit` with consecutive pieces of `sql`, saying whether each is code (true) or lies
    /// inside a string, quoted identifier, dollar-quoted body or comment (false). Unterminated
    /// quotes run to the end, as the server would read them.
    private static func scan(_ sql: String, _ emit: (_ piece: String, _ isCode: Bool) -> Void) {
        let characters = Array(sql)
        var index = 0
        var codeStart = 0
        func flushCode(to end: Int) {
            if end > codeStart { emit(String(characters[codeStart..<end]), true) }
        }
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            var quotedEnd: Int?
            if character == "'" || character == "\"" {
                quotedEnd = closingQuote(characters, from: index, quote: character)
            } else if character == "-", next == "-" {
                quotedEnd = characters[index...].firstIndex(of: "\n").map { $0 + 1 } ?? characters.count
            } else if character == "/", next == "*" {
                quotedEnd = closingComment(characters, from: index)
            } else if character == "$", let tag = dollarTag(characters, at: index) {
                quotedEnd = closingDollar(characters, after: index + tag.count, tag: tag)
            }
            guard let end = quotedEnd else { index += 1; continue }
            flushCode(to: index)
            emit(String(characters[index..<end]), false)
            index = end
            codeStart = end
        }
        flushCode(to: characters.count)
    }

    /// Past the quote closing the one at `start` (a doubled quote is part of the text).
    private static func closingQuote(_ characters: [Character], from start: Int, quote: Character) -> Int {
        var index = start + 1
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count, characters[index + 1] == quote { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return characters.count
    }

    /// Past the `*/` closing the comment at `start` (PostgreSQL's block comments nest).
    private static func closingComment(_ characters: [Character], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "/", characters[index + 1] == "*" { depth += 1; index += 2; continue }
            if characters[index] == "*", characters[index + 1] == "/" {
                depth -= 1
                index += 2
                if depth == 0 { return index }
                continue
            }
            index += 1
        }
        return characters.count
    }

    /// The `$tag$` opening a dollar-quoted body at `index`, if one does (`$1` is a parameter, not a tag).
    private static func dollarTag(_ characters: [Character], at index: Int) -> [Character]? {
        if index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "_" {
            return nil
        }
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" || (end > index + 1 && characters[end].isNumber) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return Array(characters[index...end])
    }

    private static func closingDollar(_ characters: [Character], after start: Int, tag: [Character]) -> Int {
        var index = start
        while index + tag.count <= characters.count {
            if characters[index] == "$", Array(characters[index..<index + tag.count]) == tag { return index + tag.count }
            index += 1
        }
        return characters.count
    }
}
