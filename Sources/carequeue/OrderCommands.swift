import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue orders …`: orders and referrals tracked from the order message to their result.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Orders and referrals (ORM, OML, REF) tracked from order to result.",
        subcommands: [OrdersListCommand.self, OrdersShowCommand.self])
}

extension TrackedOrder.State: ExpressibleByArgument {}

/// `carequeue orders list [--state S]… [--limit N] [--json]`
struct OrdersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tracked orders and referrals, oldest order first.",
        discussion: "By default those still awaiting their result (state ordered); --state all shows every one.")

    @OptionGroup var common: CommonOptions
    @Option(help: "ordered (awaiting a result; the default), preliminary, final, cancelled, or all. Repeat for several.")
    var state: [String] = []
    @Flag(help: "Only those still awaiting their result past the time [turnaround] expects it by.") var overdue = false
    @Option(help: "Show at most this many (default 100).") var limit = 100
    @Flag(help: "JSON output (see README for the fields).") var json = false

    func validate() throws {
        if overdue, !state.isEmpty, state != ["ordered"] {
            throw ValidationError("--overdue lists orders still awaiting their result: it goes with no --state (or --state ordered)")
        }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
        let valid = TrackedOrder.State.allCases.map(\.rawValue) + ["all"]
        for name in state where !valid.contains(name) {
            throw ValidationError("--state \(name) is not one of \(valid.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let (config, database) = try ConfiguredStore.openForReading(common)
        let states: [TrackedOrder.State]? = state.contains("all") ? nil
            : state.isEmpty ? [.ordered] : state.compactMap(TrackedOrder.State.init(rawValue:))
        let now = Date()
        let turnaround = config.turnaround
        let orders: [TrackedOrder]
        if overdue {
            orders = try StoreAccess.run { try database.trackedOrders(overdueAt: now, limit: limit) }
        } else {
            orders = try StoreAccess.run { try database.trackedOrders(states: states, limit: limit) }
        }
        if json {
            try JSONOutput.print(orders.map { TrackedOrderJSON($0, turnaround: turnaround, at: now) })
            return
        }
        TextTable.print(header: OrdersTable.header, rows: orders.map { OrdersTable.row($0, turnaround: turnaround, at: now) })
        if orders.count == limit { print("showing the oldest \(limit) (--limit N shows more)") }
    }
}

/// `carequeue orders show ID [--json]`
struct OrdersShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one tracked order or referral: what, for whom, by whom, and its timeline.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Order id (see `orders list`).") var id: Int64
    @Flag(help: "JSON: the `orders list --json` fields.") var json = false

    func run() async throws {
        let (config, database) = try ConfiguredStore.openForReading(common)
        guard let order = try StoreAccess.run({ try database.trackedOrder(id: id) }) else {
            throw CommandFailure("no tracked order with id \(id) (see orders list --state all)")
        }
        if json {
            try JSONOutput.print(TrackedOrderJSON(order, turnaround: config.turnaround, at: Date()))
        } else {
            print(OrdersTable.lines(order, turnaround: config.turnaround, at: Date()).map(ScreenText.sanitize).joined(separator: "\n"))
        }
    }
}
