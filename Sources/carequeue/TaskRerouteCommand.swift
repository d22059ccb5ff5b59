import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue tasks reroute ID`: routes one task again by today's roster and coverage.
struct TasksRerouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute", abstract: "Route a task again by today's roster and coverage.",
        discussion: "For a task routed before its provider was on the roster (roster and coverage imports re-route every open task themselves). A task reassigned by hand is refused: re-routing never undoes a reassignment.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64

    func run() async throws {
        let user = try actor.name()
        let database = try StoreAccess.open(common.storeLocation, access: .existing, config: try common.loadConfiguration())
        let done = try StoreAccess.run { try database.rerouteTask(id, by: user, at: Date()) }
        if done.moved {
            print(RerouteText.line(done.route))
        } else {
            print("task \(id) stays in \(done.route.toNPI ?? "Unassigned"): \(done.route.explanation)")
        }
    }
}
