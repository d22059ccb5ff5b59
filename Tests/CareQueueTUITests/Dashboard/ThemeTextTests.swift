import CareQueueTUI
import Foundation
import Testing

struct ThemeTextCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var errors: [String]
    var testDescription: String { name }
}

@Suite("Theme files read through the TOML subset")
struct ThemeTextTests {
    @Test("a valid file: palette names, indices, ANSI names; missing roles fall back to the default theme")
    func valid() throws {
        let theme = try ThemeFile.load(text: """
            # comment
            [palette]
            danger = "#d70000"
            deep = 24

            [roles]
            age.overdue = "danger bold"   # trailing comment
            queue.selected = "white on deep"
            """, file: "night.theme")
        #expect(theme.name == "night")
        #expect(theme.style(for: .ageOverdue) == Style(foreground: .rgb(0xD7, 0, 0), attributes: .bold))
        #expect(theme.style(for: .queueSelected) == Style(foreground: .ansi(.white), background: .indexed(24)))
        #expect(theme.style(for: .ticker) == Theme.standard.style(for: .ticker))
    }

    static let invalid: [ThemeTextCase] = [
        ThemeTextCase(name: "TOML syntax error names its line", text: "[palette]\ndanger = \"#d70000\n",
                      errors: ["bad.theme:2: unterminated string"]),
        ThemeTextCase(name: "every bad entry, in line order", text: """
            [palette]
            danger = "#d7000"
            [roles]
            age.overdue = "danger blink"
            age.overdew = "red"
            """, errors: [
                "bad.theme:2: palette danger: bad colour '#d7000': expected #rrggbb with six hex digits",
                "bad.theme:4: role age.overdue: unknown colour 'danger'",
                "bad.theme:5: unknown role 'age.overdew' (did you mean 'age.overdue'?)",
            ]),
        ThemeTextCase(name: "a role that is not a string", text: "[roles]\nticker = 3\n",
                      errors: ["bad.theme:2: 'ticker' must be a string such as \"danger bold\", not an integer"]),
        ThemeTextCase(name: "an unknown section", text: "[colours]\nred = \"#ff0000\"\n",
                      errors: ["bad.theme:2: unknown section [colours] (key 'red'): theme files have [palette] and [roles]"]),
    ]

    @Test("problems are reported with file and line", arguments: invalid)
    func invalidFiles(_ example: ThemeTextCase) {
        do {
            _ = try ThemeFile.load(text: example.text, file: "bad.theme")
            Issue.record("a bad theme loaded")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.count == example.errors.count, "\(lines)")
            for (line, expected) in zip(lines, example.errors) {
                #expect(line.hasPrefix(expected), "\(line)")
            }
        }
    }

    @Test("every shipped theme reads cleanly through the same reader `themes check` uses")
    func shippedThemes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ThemeFileReader.themesDirectory.path)
            .filter { $0.hasSuffix(".theme") }
        #expect(files.contains("default.theme"))
        for file in files {
            let text = try String(contentsOf: ThemeFileReader.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self) { try ThemeFile.load(text: text, file: file) }
        }
        let standard = try ThemeFile.load(text: String(contentsOf: ThemeFileReader.themesDirectory
            .appendingPathComponent("default.theme"), encoding: .utf8), file: "default.theme")
        #expect(standard.roles == Theme.standard.roles, "Themes/default.theme is the built-in default")
    }
}
