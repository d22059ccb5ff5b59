import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue tasks reopen ID --note T`: a closed task back in its queue with a new clock.
struct TasksReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Re-open a closed task with a new clock.",
        discussion: "The note says why. The task returns to its queue open, due one tier window from now, at escalation level 0.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list --status closed`).") var id: Int64
    // Optional to the parser so a missing note gets the core's own explanation.
    @Option(help: "Required: why the task is re-opened.") var note: String?

    func run() async throws {
        let user = try actor.name()
        let (config, database) = try ConfiguredStore.openForWriting(common)
        try StoreAccess.run {
            try database.reopen(task: id, note: note ?? "", by: user, at: Date(), windows: config.windows)
        }
        let due = try StoreAccess.run { try database.task(id: id)?.dueAt }
        print("task \(id) re-opened by \(user)" + (due.map { "; due \(Timestamp.iso($0))" } ?? ""))
    }
}
