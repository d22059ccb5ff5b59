import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueSimulator
import CareQueueStore
import Foundation

/// `carequeue simulate`: a realistic ORU^R01 mix over MLLP, with the orders and referrals before
/// the results, for demos and for testing a listener.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Send a realistic ORU^R01 mix over MLLP (varied tests, flags, providers), with orders and referrals.",
        discussion: """
            Ordering providers come from --roster, else the database's roster, else \
            SampleData/roster.csv. About 75% of orders are routine, 20% abnormal, 5% critical; a few \
            name no provider or one not on the roster (the Unassigned queue); some preliminary \
            results are followed by finals. With --orders SHARE (default 0.5) that share of new work \
            is first sent as an order from the clinic's EHR (OML^O21 v2.5.1, or ORM^O01 v2.3/2.4 as \
            the lab takes it; some stat) and its result follows a few messages later with the same \
            MRN and placer number; about 8% of orders are never resulted (they go overdue), about 10% \
            of results come late, and about 3% of new work is a referral (REF^I12). --orders 0 sends \
            results alone. Prints `CONTROL_ID ACK_CODE` per message.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Listener host (default: [listener] host, else 127.0.0.1).") var host: String?
    @Option(help: "Listener port (default: [listener] port, else 2575).") var port: Int?
    @Option(help: "Messages per second.") var rate: Double = 2
    @Option(help: "Stop after this many messages (default: run until Ctrl-C).") var count: Int?
    @Option(help: "Random seed, to repeat a run exactly (default: from the clock).") var seed: UInt64?
    @Option(help: "Roster CSV to draw ordering providers from.") var roster: String?
    @Option(help: ArgumentHelp("Share of new work sent as an order before its result, 0 to 1 (0: results alone).",
                               valueName: "share"))
    var orders: Double = 0.5

    func validate() throws {
        guard rate > 0, rate <= 10_000 else { throw ValidationError("--rate must be between 0 and 10000 per second") }
        guard orders >= 0, orders <= 1 else { throw ValidationError("--orders must be a share between 0 and 1, not \(orders)") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let config = try common.loadConfiguration()
        let providers = try loadRoster(config: config)
        let feed = SimulatedFeed(host: host ?? config.listener.host, port: port ?? config.listener.port,
                                 rate: rate, count: count, roster: providers,
                                 seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000),
                                 orders: orders > 0 ? OrderFlow(orderShare: orders) : nil)
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
        if let database = try? StoreAccess.open(common.storeLocation, access: .readOnly, config: config),
           let providers = try? database.providers(), providers.contains(where: { $0.role.ordersTests }) {
            return providers
        }
        if FileManager.default.fileExists(atPath: "SampleData/roster.csv") {
            return try RosterFile.load("SampleData/roster.csv")
        }
        throw CommandFailure("no roster to draw providers from: pass --roster FILE.csv or import one with `carequeue roster import`")
    }
}
