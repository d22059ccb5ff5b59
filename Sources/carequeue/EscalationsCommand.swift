import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue escalations …`
struct EscalationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalations", abstract: "Escalation of tasks nobody acted on in time.",
        subcommands: [EscalationsRunCommand.self])
}

/// `carequeue escalations run [--as-of ISO8601]`: the sweep `listen` runs every few seconds, on demand.
struct EscalationsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Record the escalations due (and coverage moves) as of a time.",
        discussion: """
            At a tier's window a task goes to level 1 (the care coordinators), at twice the window to \
            level 2 (the provider's supervisor, else the charge nurse); an Unassigned task reaches \
            level 1 at once. A message still open on the review list [windows] review (default 1h) after \
            it arrived escalates to the care coordinators too (refused_messages in --json). Each escalation \
            is recorded once: running this again records nothing new. Open tasks of providers whose \
            coverage started or ended by then move first.
            """)

    @OptionGroup var common: CommonOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate as of this time (ISO 8601; local time without an offset). Default: now.", valueName: "time"))
    var asOf: String?
    @Flag(help: "JSON: {as_of, escalations, moves, missing_results, refused_messages}.") var json = false

    func validate() throws { _ = try AsOf.parse(asOf) }

    func run() async throws {
        let now = StoreTime.truncated(try AsOf.parse(asOf))
        let (_, database) = try ConfiguredStore.openForWriting(common)
        let report = try StoreAccess.run { try database.runSweep(at: now) }
        if json {
            try JSONOutput.print(SweepJSON(asOf: now, report: report))
            return
        }
        for move in report.moves {
            print("task \(move.taskID): moved to \(move.toNPI ?? "Unassigned") — \(move.explanation)")
        }
        for missing in report.missingResults {
            print("task \(missing.taskID): \(missing.reason) (order \(missing.orderID)) → "
                  + (missing.assignedNPI.map { "NPI \($0)" } ?? "Unassigned"))
        }
        for step in report.escalations {
            print("task \(step.taskID): level \(step.level) → \(step.target) (due \(Timestamp.iso(step.dueAt))): \(step.reason)")
        }
        for step in report.refusedMessages {
            // The reason was escaped and capped when recorded; sanitised again for this terminal all the same.
            print("message \(step.messageID): level \(step.level) → \(step.target) (due \(Timestamp.iso(step.dueAt))): "
                  + ScreenText.sanitize(step.reason))
        }
        let missing = report.missingResults.count
        let refused = report.refusedMessages.count
        let counts = "\(report.escalations.count) escalation\(report.escalations.count == 1 ? "" : "s") recorded, "
            + "\(report.moves.count) task\(report.moves.count == 1 ? "" : "s") moved"
            + (missing == 0 ? "" : ", \(missing) overdue order\(missing == 1 ? "" : "s") made into tasks")
            + (refused == 0 ? "" : ", \(refused) review-list message\(refused == 1 ? "" : "s") escalated")
        print(report.isEmpty ? "nothing due as of \(Timestamp.iso(now))" : "\(counts) as of \(Timestamp.iso(now))")
    }
}
