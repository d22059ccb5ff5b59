import CareQueueTUI
import Foundation

/// Just enough of the TOML subset to read `Themes/*.theme` in tests: `[section]`,
/// `key = "string"` or `key = 123`, `#` comments. The real reader is `ThemeFile.load(text:file:)`.
enum ThemeFileReader {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes")

    static func sections(of text: String) -> ThemeSections {
        var sections: ThemeSections = [:]
        var current = ""
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                sections[current, default: [:]] = sections[current] ?? [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            sections[current, default: [:]][key] = (value, offset + 1)
        }
        return sections
    }

    static func load(_ name: String) throws -> Theme {
        let url = themesDirectory.appendingPathComponent(name)
        return try ThemeFile.load(sections: sections(of: String(contentsOf: url, encoding: .utf8)), file: name)
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (index, character) in zip(line.indices, line) {
            if character == "\"" { inString.toggle() }
            if character == "#", !inString { return String(line[..<index]) }
        }
        return line
    }
}
