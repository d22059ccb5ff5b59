import CareQueueCore

extension ThemeFile {
    /// The theme in a theme file's text, read with the same TOML subset as the configuration.
    ///
    /// Palette entries may be strings (`"#d70000"`, `"red"`) or bare palette indices (`196`).
    /// - Throws: the first syntax error, or every palette and role problem, each with its line.
    public static func load(text: String, file: String) throws(ThemeFileError) -> Theme {
        let document: TOMLDocument
        do {
            document = try TOMLDocument.parse(text, file: file)
        } catch {
            throw ThemeFileError(file: file, problems: [ThemeProblem(line: error.line ?? 1, message: error.message)])
        }
        var sections: ThemeSections = [:]
        var problems: [ThemeProblem] = []
        let all = [TOMLSection(name: "", line: 1, entries: document.topLevel)] + document.sections
        for section in all {
            if !section.name.isEmpty { sections[section.name, default: [:]] = sections[section.name] ?? [:] }
            for entry in section.entries {
                switch entry.value {
                case .string(let text):
                    sections[section.name, default: [:]][entry.key] = (text, entry.line)
                case .integer(let number) where section.name == "palette":
                    sections[section.name, default: [:]][entry.key] = (String(number), entry.line)
                default:
                    problems.append(ThemeProblem(line: entry.line, message:
                        "'\(entry.key)' must be a string such as \"danger bold\", not \(entry.value.kindDescription)"))
                }
            }
        }
        var theme: Theme?
        do {
            theme = try load(sections: sections, file: file)
        } catch {
            problems += error.problems
        }
        guard problems.isEmpty, let theme else {
            throw ThemeFileError(file: file, problems: problems.sorted { ($0.line, $0.message) < ($1.line, $1.message) })
        }
        return theme
    }
}
