import ArgumentParser

/// `carequeue bench`: the performance figures of DESIGN.md, each next to a baseline from the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parse and ingest speed, each as a ratio to a baseline measured in the same run.",
        subcommands: [BenchAllCommand.self, BenchParseCommand.self, BenchIngestCommand.self, BenchKillTestCommand.self, BenchDashboardCommand.self],
        defaultSubcommand: BenchAllCommand.self
    )
}

/// `carequeue bench` with no subcommand: parse, then ingest with 1 and with 8 senders.
struct BenchAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        // Parsed rather than built, so every option of the parts gets its default.
        let shared = common.config.map { ["--config", $0] } ?? []
        try await BenchParseCommand.parse(shared).run()
        print("")
        for (senders, messages) in [(1, 3_000), (8, 16_000)] {
            try await BenchIngestCommand.parse(shared + ["--senders", String(senders), "--messages", String(messages)]).run()
            print("")
        }
    }
}
