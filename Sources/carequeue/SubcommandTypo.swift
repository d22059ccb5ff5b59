import ArgumentParser
import CareQueueCore

/// `carequeue lsten` would otherwise reach the default subcommand (the dashboard) and get its
/// usage; a word where a subcommand belongs that names none is answered with the closest one.
enum SubcommandTypo {
    /// The usage error for `arguments`, or nil when every word up to the first option or the
    /// command's own arguments names a subcommand.
    static func message(for arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = [root.configuration.commandName ?? "carequeue"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            if word.hasPrefix("-") || subcommands.isEmpty { return nil }
            if let next = subcommands.first(where: { names(of: $0).contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            // ArgumentParser's own `help` subcommand.
            if word == "help" { return nil }
            let known = subcommands.flatMap { names(of: $0).prefix(1) }
            let command = path.joined(separator: " ")
            let usage = "\(command): unknown command '\(word)'"
            let seeHelp = "\nSee '\(command) --help'."
            if let closest = ClosestName.suggestion(for: word, among: known) {
                return "\(usage); did you mean '\(closest)'?" + seeHelp
            }
            return "\(usage); commands: \(known.joined(separator: ", "))" + seeHelp
        }
        return nil
    }

    /// The command's name, then its aliases.
    private static func names(of command: any ParsableCommand.Type) -> [String] {
        let configuration = command.configuration
        var names: [String] = []
        if let name = configuration.commandName { names.append(name) }
        names.append(contentsOf: configuration.aliases)
        return names
    }
}
