import CareQueueTUI
import Testing

struct SpecCase: CustomTestStringConvertible, Sendable {
    var name: String
    var spec: String
    var style: Style
    var testDescription: String { name }
}

struct BadSpecCase: CustomTestStringConvertible, Sendable {
    var name: String
    var spec: String
    var message: String
    var testDescription: String { name }
}

@Suite("Role specs and themes")
struct ThemeTests {
    static let palette: [String: TerminalColor] = ["danger": .rgb(0xD7, 0, 0), "panel": .indexed(236)]

    static let validSpecs: [SpecCase] = [
        SpecCase(name: "palette name", spec: "danger", style: Style(foreground: .rgb(0xD7, 0, 0))),
        SpecCase(name: "palette name is case-insensitive", spec: "Danger", style: Style(foreground: .rgb(0xD7, 0, 0))),
        SpecCase(name: "ANSI name on palette background", spec: "white on panel",
                 style: Style(foreground: .ansi(.white), background: .indexed(236))),
        SpecCase(name: "default with attributes", spec: "default bold underline",
                 style: Style(attributes: [.bold, .underline])),
        SpecCase(name: "every attribute", spec: "default bold dim underline reverse italic",
                 style: Style(attributes: [.bold, .dim, .underline, .reverse, .italic])),
        SpecCase(name: "bright ANSI name", spec: "bright-red on default",
                 style: Style(foreground: .ansi(.brightRed))),
        SpecCase(name: "literal hex and index", spec: "#ff8700 on 24 bold",
                 style: Style(foreground: .rgb(0xFF, 0x87, 0), background: .indexed(24), attributes: .bold)),
        SpecCase(name: "extra spaces", spec: "  danger   on  black   reverse ",
                 style: Style(foreground: .rgb(0xD7, 0, 0), background: .ansi(.black), attributes: .reverse)),
    ]

    @Test("valid role specs", arguments: validSpecs)
    func validSpec(_ example: SpecCase) throws {
        #expect(try Style.parse(example.spec, palette: Self.palette) == example.style)
    }

    static let invalidSpecs: [BadSpecCase] = [
        BadSpecCase(name: "empty", spec: "", message: "empty style"),
        BadSpecCase(name: "unknown colour", spec: "dangr bold", message: "unknown colour 'dangr'"),
        BadSpecCase(name: "unknown attribute", spec: "danger blink", message: "unknown attribute 'blink'"),
        BadSpecCase(name: "attribute first", spec: "bold", message: "give the foreground colour first (\"default bold\")"),
        BadSpecCase(name: "on without colour", spec: "danger on", message: "'on' in style 'danger on' must be followed by a background colour"),
        BadSpecCase(name: "on after attributes", spec: "danger bold on black", message: "must come right after the foreground colour"),
        BadSpecCase(name: "index out of range", spec: "300", message: "colour 300 is out of range"),
        BadSpecCase(name: "short hex", spec: "#fff", message: "expected #rrggbb"),
        BadSpecCase(name: "unknown background", spec: "default on nowhere", message: "unknown colour 'nowhere'"),
    ]

    @Test("invalid role specs say what is wrong", arguments: invalidSpecs)
    func invalidSpec(_ example: BadSpecCase) {
        #expect {
            try Style.parse(example.spec, palette: Self.palette)
        } throws: { error in
            (error as? StyleSpecError)?.message.contains(example.message) == true
        }
    }

    @Test("a parsed style prints back as a spec that parses to the same style", arguments: validSpecs)
    func styleDescriptionRoundTrip(_ example: SpecCase) throws {
        #expect(try Style.parse(example.style.description) == example.style)
    }

    @Test("every built-in theme sets every known role, and only known ones",
          arguments: [Theme.standard, Theme.highContrast, Theme.monochrome])
    func builtInsAreComplete(_ theme: Theme) {
        #expect(Set(theme.roles.keys) == Set(StyleRole.known))
    }

    @Test("the monochrome theme uses no colour at all")
    func monochromeHasNoColour() {
        for role in StyleRole.known {
            let style = Theme.monochrome.style(for: role)
            #expect(style.foreground == nil && style.background == nil, "\(role)")
        }
    }

    @Test("the monochrome theme tells every age and urgency apart by attributes alone")
    func monochromeDistinguishesUrgency() {
        let ages: [StyleRole] = [.ageFresh, .ageHalfway, .ageDueSoon, .ageOverdue, .ageEscalated]
        let urgencies: [StyleRole] = [.queueRoutine, .queueAbnormal, .queueCritical]
        for group in [ages, urgencies] {
            let attributes = group.map { Theme.monochrome.style(for: $0).attributes }
            #expect(Set(attributes).count == group.count)
        }
        #expect(Theme.monochrome.style(for: .queueSelected).attributes != Theme.monochrome.style(for: .normal).attributes)
    }

    @Test("a role the theme leaves out falls back to the built-in default")
    func fallbackToDefault() {
        let theme = Theme(name: "partial", roles: [.ageOverdue: Style(foreground: .ansi(.magenta), attributes: .bold)])
        #expect(theme.style(for: .ageOverdue) == Style(foreground: .ansi(.magenta), attributes: .bold))
        #expect(theme.style(for: .header) == Theme.standard.style(for: .header))
        #expect(theme.style(for: .ageFresh) == Theme.standard.style(for: .ageFresh))
    }

    @Test("a role no theme knows draws as the theme's normal")
    func unknownRoleIsNormal() {
        let theme = Theme(name: "t", roles: [.normal: Style(foreground: .ansi(.green))])
        #expect(theme.style(for: "future.role") == Style(foreground: .ansi(.green)))
        #expect(Theme.standard.style(for: "future.role") == Theme.standard.style(for: .normal))
    }

    @Test("the theme files in Themes/ are the built-in themes",
          arguments: [("default.theme", Theme.standard), ("high-contrast.theme", Theme.highContrast),
                      ("monochrome.theme", Theme.monochrome)])
    func themeFilesMatchBuiltIns(file: String, builtIn: Theme) throws {
        let loaded = try ThemeFileReader.load(file)
        #expect(loaded.name == builtIn.name)
        for role in StyleRole.known {
            #expect(loaded.style(for: role) == builtIn.style(for: role), "\(role) in \(file)")
        }
        #expect(Set(loaded.roles.keys) == Set(StyleRole.known))
    }

    @Test("a theme file builds palette and roles, and names the theme after the file")
    func loadsSections() throws {
        let theme = try ThemeFile.load(sections: [
            "palette": ["danger": ("#d70000", 2), "calm": ("71", 3), "Alarm": ("bright-red", 4)],
            "roles": ["age.overdue": ("danger bold", 6), "age.fresh": ("calm on default", 7), "error": ("alarm reverse", 8)],
        ], file: "themes/clinic-night.theme")
        #expect(theme.name == "clinic-night")
        #expect(theme.style(for: .ageOverdue) == Style(foreground: .rgb(0xD7, 0, 0), attributes: .bold))
        #expect(theme.style(for: .ageFresh) == Style(foreground: .indexed(71)))
        #expect(theme.style(for: .error) == Style(foreground: .ansi(.brightRed), attributes: .reverse))
        #expect(theme.style(for: .header) == Theme.standard.style(for: .header))
    }

    @Test("every problem in a theme file is reported with its line, in line order")
    func lineNumberedErrors() {
        #expect {
            try ThemeFile.load(sections: [
                "palette": ["danger": ("#d7000", 3), "bold": ("1", 4)],
                "roles": ["age.overdeu": ("default", 7), "queue.selected": ("white on nothing", 8),
                          "header": ("white sparkle", 9)],
                "colours": ["x": ("1", 11)],
            ], file: "bad.theme")
        } throws: { error in
            guard let error = error as? ThemeFileError else { return false }
            let lines = error.description.split(separator: "\n").map(String.init)
            return error.problems.map(\.line) == [3, 4, 7, 8, 9, 11]
                && lines[0] == "bad.theme:3: palette danger: bad colour '#d7000': expected #rrggbb with six hex digits"
                && lines[1].hasPrefix("bad.theme:4: palette name 'bold' is reserved")
                && lines[2] == "bad.theme:7: unknown role 'age.overdeu' (did you mean 'age.overdue'?)"
                && lines[3].hasPrefix("bad.theme:8: role queue.selected: unknown colour 'nothing'")
                && lines[4].hasPrefix("bad.theme:9: role header: unknown attribute 'sparkle'")
                && lines[5].hasPrefix("bad.theme:11: unknown section [colours]")
        }
    }

    @Test("a role spec may not use a palette name the file failed to define")
    func brokenPaletteEntryIsNotUsable() {
        #expect(throws: ThemeFileError.self) {
            try ThemeFile.load(sections: ["palette": ["danger": ("#zz0000", 2)], "roles": ["error": ("danger", 4)]],
                               file: "x.theme")
        }
    }
}
