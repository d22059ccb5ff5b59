import ArgumentParser
import Foundation

/// `carequeue`: result follow-up for care coordinators.
@main
struct CareQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carequeue",
        abstract: "Result follow-up for care coordinators: HL7 v2 over MLLP in, per-provider task queues out.",
        version: VersionText.full,
        subcommands: [
            DashboardCommand.self,
            DemoCommand.self,
            ListenCommand.self,
            StatusCommand.self,
            SendCommand.self,
            RosterCommand.self,
            CoverageCommand.self,
            TasksCommand.self,
            ReviewCommand.self,
            RulesCommand.self,
            OutboxCommand.self,
            OrdersCommand.self,
            EscalationsCommand.self,
            ReportCommand.self,
            AuditCommand.self,
            BackupCommand.self,
            PurgeCommand.self,
            SimulateCommand.self,
            BenchCommand.self,
            ThemesCommand.self,
            ConfigCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )

    /// ArgumentParser's own `main`, after a misspelt subcommand is answered with the closest one.
    static func main() async {
        if let typo = SubcommandTypo.message(for: Array(CommandLine.arguments.dropFirst()), root: Self.self) {
            FileHandle.standardError.write(Data("\(typo)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
