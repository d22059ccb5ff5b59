import ArgumentParser

/// `carequeue`: result follow-up for care coordinators.
@main
struct CareQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carequeue",
        abstract: "Result follow-up for care coordinators: HL7 v2 over MLLP in, per-provider task queues out.",
        subcommands: [
            ListenCommand.self,
            SendCommand.self,
            RosterCommand.self,
            CoverageCommand.self,
            TasksCommand.self,
            ReviewCommand.self,
            EscalationsCommand.self,
            ReportCommand.self,
            AuditCommand.self,
            SimulateCommand.self,
            BenchCommand.self,
        ]
    )
}
