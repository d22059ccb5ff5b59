import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue outbox …`: the messages written back to the EHR, and putting refused ones back in line.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Messages written back to the EHR ([outbound]): what waits, what was delivered, what the EHR refused.",
        subcommands: [OutboxListCommand.self, OutboxShowCommand.self, OutboxRetryCommand.self])
}

extension OutboxEntry.Status: ExpressibleByArgument {}

/// `carequeue outbox list [--status S] [--limit N] [--json]`
struct OutboxListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List outbox messages, newest first.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Only messages in this state: waiting (held for undo, sending or retrying), delivered (AA/CA), failed (AE/AR) or cancelled (undone).")
    var status: OutboxEntry.Status?
    @Option(help: "Show at most this many (default 50).") var limit = 50
    @Flag(help: "JSON output (see README for the fields).") var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let (_, database) = try ConfiguredStore.openForReading(common)
        let entries = try StoreAccess.run { try database.outboxEntries(status: status, limit: limit) }
        if json {
            try JSONOutput.print(entries.map { OutboxEntryJSON($0) })
            return
        }
        TextTable.print(header: OutboxTable.header, rows: entries.map(OutboxTable.row))
        let total = entries.count < limit ? entries.count : try StoreAccess.run { try database.outboxCount(status: status) }
        if let footer = OutboxTable.footer(shown: entries.count, total: total, status: status) { print(footer) }
    }
}

/// `carequeue outbox show ID [--json]`
struct OutboxShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one outbox message: its delivery, the message as written and the EHR's ACK.",
        discussion: "The message holds the patient's identity and the note, so showing it is recorded in the audit trail (task.viewed, via \"outbox show\") and needs write access to the database.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Outbox id (see `outbox list`).") var id: Int64
    @Flag(help: "JSON: the `outbox list --json` fields plus message (as written) and ack (as received).") var json = false
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let (_, database) = try ConfiguredStore.openForWriting(common)
        guard let (entry, message) = try StoreAccess.run({ try database.outboxEntry(id: id) }) else {
            throw CommandFailure("no outbox message with id \(id) (see outbox list)")
        }
        // Recorded before anything is shown, as `tasks show` does.
        var viewed = AccessAuditEntry(.taskViewed(taskID: entry.taskID), at: Date(), user: try actor.name(),
                                      terminal: TerminalName.standardInput(), via: .outboxShow)
        viewed.details["outbox_id"] = String(id)
        try StoreAccess.run { try database.appendAccess([viewed]) }
        if json {
            try JSONOutput.print(OutboxEntryJSON(entry, message: message))
        } else {
            print(OutboxDetailText.render(entry, message: message, at: Date()).map(ScreenText.sanitize).joined(separator: "\n"))
        }
    }
}

/// `carequeue outbox retry ID` / `carequeue outbox retry --all-failed`
struct OutboxRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Put messages the EHR refused (AE/AR) back in line, unchanged.",
        discussion: """
            A retried message is sent again with the same bytes and the same control id (MSH-10) by whichever \
            process delivers (the listener, or a dashboard running without one). Only failed messages are \
            retried: waiting ones are retried on their own, delivered and cancelled ones are finished. Audited \
            as outbox.retried.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Outbox id of a failed message (see `outbox list --status failed`).") var id: Int64?
    @Flag(help: "Every failed message.") var allFailed = false

    func validate() throws {
        switch (id, allFailed) {
        case (nil, false): throw ValidationError("name a failed message's outbox id, or give --all-failed")
        case (.some, true): throw ValidationError("give an outbox id or --all-failed, not both")
        default: break
        }
    }

    func run() async throws {
        let user = try actor.name()
        let (config, database) = try ConfiguredStore.openForWriting(common)
        let now = Date()
        if let id {
            guard try StoreAccess.run({ try database.retryOutbox(id, by: user, at: now) }) else {
                throw CommandFailure(try Self.notRetried(id, database, at: now))
            }
            let entry = try StoreAccess.run { try database.outboxEntry(id: id) }?.entry
            let what = entry.map { "\($0.event.rawValue) of task \($0.taskID), control id \($0.controlID)" } ?? ""
            print("outbox \(id) (\(what)) put back in line by \(user): it is sent again unchanged")
        } else {
            let count = try StoreAccess.run { try database.retryAllFailedOutbox(by: user, at: now) }
            print(count == 0 ? "no failed messages: nothing to retry"
                             : "\(count) failed message\(count == 1 ? "" : "s") put back in line by \(user): each is sent again unchanged")
        }
        if config.outbound == nil {
            FileHandle.standardError.write(Data("note: this configuration has no [outbound] section, so nothing sends the outbox until one names the EHR\n".utf8))
        }
    }

    /// Why row `id` was not retried: there is no such row, or it is not failed.
    private static func notRetried(_ id: Int64, _ database: CareQueueDatabase, at now: Date) throws -> String {
        guard let (entry, _) = try StoreAccess.run({ try database.outboxEntry(id: id) }) else {
            return "no outbox message with id \(id) (see outbox list)"
        }
        let state = UntrustedText.visible(OutboxText.line(entry, at: now, time: Timestamp.iso))
        return "outbox \(id) is \(entry.status.rawValue), not failed: only a message the EHR refused is retried (\(state))"
    }
}
