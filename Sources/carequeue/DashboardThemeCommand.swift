import CareQueueApp
import ArgumentParser
import CareQueueTUI
import Foundation

/// `carequeue themes …`
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "Dashboard colour themes.",
        subcommands: [ThemesCheckCommand.self])
}

/// `carequeue themes check FILE`: every problem in a theme file, with its line.
struct ThemesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a theme file; print every problem as FILE:LINE: message.",
        discussion: """
            A theme has [palette] (name = "#rrggbb", 0-255 or an ANSI colour name) and [roles] \
            (role = "<fg> [on <bg>] [bold] [dim] [underline] [reverse] [italic]"). Roles left out use \
            the built-in default theme.
            """)

    @Argument(help: "The .theme file.") var file: String

    func run() async throws {
        let theme = try DashboardResources.loadTheme(at: file)
        print("\(file): ok (\(theme.roles.count) of \(StyleRole.known.count) roles set, \(theme.palette.count) palette colours)")
    }
}
