import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue simulate`: a realistic ORU^R01 mix over MLLP, for demos and for testing a listener.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Send a realistic ORU^R01 mix over MLLP (varied tests, flags, providers).",
        discussion: """
            Ordering providers come from --roster, else the database's roster, else \
            SampleData/roster.csv. About 75% of orders are routine, 20% abnormal, 5% critical; a few \
            name no provider or one not on the roster (the Unassigned queue); some preliminary \
            results are followed by finals. Prints `CONTROL_ID ACK_CODE` per message.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Listener host (default: [listener] host, else 127.0.0.1).") var host: String?
    @Option(help: "Listener port (default: [listener] port, else 2575).") var port: Int?
    @Option(help: "Messages per second.") var rate: Double = 2
    @Option(help: "Stop after this many messages (default: run until Ctrl-C).") var count: Int?
    @Option(help: "Random seed, to repeat a run exactly (default: from the clock).") var seed: UInt64?
    @Option(help: "Roster CSV to draw ordering providers from.") var roster: String?

    func validate() throws {
        guard rate > 0, rate <= 10_000 else { throw ValidationError("--rate must be between 0 and 10000 per second") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let config = try common.loadConfiguration()
        let providers = try loadRoster(config: config)
        let feed = SimulatedFeed(host: host ?? config.listener.host, port: port ?? config.listener.port,
                                 rate: rate, count: count, roster: providers,
                                 seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000))
        do {
            try await feed.run { control, code in print("\(control) \(code)") }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    private func loadRoster(config: CareQueueConfig) throws -> [Provider] {
        if let roster {
            return try RosterFile.load(roster)
        }
        if let database = try? CareQueueDatabase(path: common.databasePath, access: .readOnly, store: config.store),
           let providers = try? database.providers(), providers.contains(where: { $0.role.ordersTests }) {
            return providers
        }
        if FileManager.default.fileExists(atPath: "SampleData/roster.csv") {
            return try RosterFile.load("SampleData/roster.csv")
        }
        throw CommandFailure("no roster to draw providers from: pass --roster FILE.csv or import one with `carequeue roster import`")
    }
}
