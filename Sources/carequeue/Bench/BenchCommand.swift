import ArgumentParser

/// `carequeue bench`: the performance figures of DESIGN.md, each next to a baseline from the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parse and ingest speed, each as a ratio to a baseline measured in the same run.",
        subcommands: [BenchAllCommand.self, BenchParseCommand.self, BenchIngestCommand.self],
        defaultSubcommand: BenchAllCommand.self
    )
}

/// `carequeue bench` with no subcommand: parse, then ingest with 1 and with 8 senders.
struct BenchAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        var parse = BenchParseCommand()
        parse.common = common
        try await parse.run()
        print("")
        for senders in [1, 8] {
            var ingest = BenchIngestCommand()
            ingest.common = common
            ingest.senders = senders
            ingest.messages = senders == 1 ? 3_000 : 16_000
            try await ingest.run()
            print("")
        }
    }
}
