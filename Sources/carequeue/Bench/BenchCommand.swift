import ArgumentParser

/// `carequeue bench`: the performance figures of DESIGN.md, each next to a baseline from the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parse, ingest and dashboard speed, each beside a baseline measured in the same run.",
        subcommands: [BenchAllCommand.self, BenchParseCommand.self, BenchIngestCommand.self, BenchKillTestCommand.self, BenchDashboardCommand.self,
                      BenchOutboxCommand.self],
        defaultSubcommand: BenchAllCommand.self
    )
}

/// `carequeue bench` with no subcommand: parse, ingest with 1 sender and with 8 (the sustained and
/// paced runs with 8), then the dashboard at 100,000 open tasks.
struct BenchAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        // Parsed rather than built, so every option of the parts gets its default.
        let shared = common.config.map { ["--config", $0] } ?? []
        try await BenchParseCommand.parse(shared).run()
        print("")
        // The sustained and paced goals are for eight senders.
        try await BenchIngestCommand.parse(shared + ["--senders", "1", "--messages", "3000", "--sustained", "0", "--paced-rate", "0"]).run()
        print("")
        try await BenchIngestCommand.parse(shared + ["--senders", "8", "--messages", "16000"]).run()
        print("")
        try await BenchDashboardCommand.parse(shared).run()
    }
}
