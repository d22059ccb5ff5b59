import ArgumentParser

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
            OutboxCommand.self,
            OrdersCommand.self,
            EscalationsCommand.self,
            ReportCommand.self,
            AuditCommand.self,
            SimulateCommand.self,
            BenchCommand.self,
            ThemesCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )
}
