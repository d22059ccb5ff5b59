import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue tasks show ID`: the whole story of one task.
struct TasksShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one task: patient, observations, tier and routing, clocks, next step, attempts, escalations, audit.",
        discussion: "Showing a task is recorded in the audit trail (task.viewed, via \"tasks show\"), so it needs write access to the database; nothing is shown when the view cannot be recorded.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64
    @Flag(help: "JSON: the `tasks list --json` fields plus the clocks, attempt_log, escalations and audit.")
    var json = false
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let (config, database) = try ConfiguredStore.openForWriting(common)
        guard var story = try StoreAccess.run({ try database.taskStory(id: id) }) else {
            throw CommandFailure("no task with id \(id)")
        }
        // Recorded before anything is shown: a view the audit trail cannot hold does not happen.
        let viewed = AccessAuditEntry(.taskViewed(taskID: id), at: Date(), user: try actor.name(),
                                      terminal: TerminalName.standardInput(), via: .tasksShow)
        try StoreAccess.run { try database.appendAccess([viewed]) }
        story.evaluate(at: Date(), windows: config.windows)
        if json {
            try JSONOutput.print(TaskStoryJSON(story, turnaround: config.turnaround))
        } else {
            print(TaskStoryText.render(story).map(ScreenText.sanitize).joined(separator: "\n"))
        }
    }
}
