import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue tasks …`
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Follow-up tasks: one per reported order.",
        subcommands: [TasksListCommand.self, TasksShowCommand.self, TasksAckCommand.self, TasksAttemptCommand.self,
                      TasksCloseCommand.self, TasksReassignCommand.self, TasksSignoffCommand.self,
                      TasksReopenCommand.self, TasksRerouteCommand.self])
}

/// `carequeue tasks list`
struct TasksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tasks, soonest due first.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Only tasks assigned to this NPI (a provider on the roster).") var provider: String?
    @Option(help: "open (not closed, the default), closed or all.") var status: TaskStatusFilter = .open
    @Flag(help: "Only the Unassigned queue.") var unassigned = false
    @Flag(help: "JSON output (see README for the fields).") var json = false

    func run() async throws {
        let config = try common.loadConfiguration()
        let database = try StoreAccess.open(common.storeLocation, access: .readOnly, config: config)
        // A mistyped NPI would otherwise list nothing, which reads as "this provider has no tasks".
        if let provider, try StoreAccess.run({ try database.providers() }).allSatisfy({ $0.npi != provider }) {
            throw CommandFailure("--provider \(provider): NPI \(provider) is not on the roster (see `roster import`)")
        }
        let tasks = try StoreAccess.run { try database.tasks(status: status, provider: provider, unassignedOnly: unassigned) }
        if json {
            let now = Date()
            try JSONOutput.print(tasks.map { TaskJSON($0, at: now) })
            return
        }
        let now = Date()
        let names = try StoreAccess.run { try database.providers().namesByNPI }
        let rows = tasks.map { task -> [String] in
            let due = task.dueAt.map { AgeText.compact($0.timeIntervalSince(now)) } ?? "stopped"
            // The observation that set the tier, named, as the dashboard's row shows it.
            let value = task.shownValue.named
            return [String(task.id), task.urgency.rawValue, task.status.rawValue, due, task.patient, task.mrn,
                    task.test, value, QueueLabel.queue(task.assignedNPI, names: names)]
        }
        TextTable.print(header: ["ID", "URGENCY", "STATUS", "DUE IN", "PATIENT", "MRN", "TEST", "VALUE", "QUEUE"], rows: rows)
    }
}

extension TaskStatusFilter: ExpressibleByArgument {}

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let data = try CLIJSON.encoder(pretty: true).encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// Plain aligned columns for terminals, measured in display cells (患者 is two); cells are cut at
/// 40 cells and stripped of control characters, since they hold text from HL7 messages.
enum TextTable {
    static func print(header: [String], rows: [[String]]) {
        let cells = ([header] + rows).map { $0.map { ScreenText.truncate(ScreenText.sanitize($0), toWidth: 40) } }
        var widths = Array(repeating: 0, count: header.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], ScreenText.width(cell)) } }
        for row in cells {
            let line = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - ScreenText.width(cell))
            }.joined(separator: "  ")
            Swift.print(line)
        }
        if rows.isEmpty { Swift.print("(none)") }
    }
}
