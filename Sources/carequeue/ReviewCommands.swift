import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// `carequeue review …`
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Messages answered AE or AR, and acknowledged ones whose tasks could not be made: nothing hides in a shared inbox.",
        subcommands: [ReviewListCommand.self, ReviewShowCommand.self, ReviewResolveCommand.self, ReviewReplayCommand.self])
}

/// `carequeue review list [--all] [--json]`
struct ReviewListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List refused messages, and acknowledged ones without their tasks, with the reasons.",
        discussion: "ESCALATED (escalated_at in --json) is when a message still open [windows] review after it arrived was escalated to the care coordinators.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "Include the resolved and replayed ones (default: open ones only).") var all = false
    @Flag(help: "JSON output (see README for the fields).") var json = false

    func run() async throws {
        let config = try common.loadConfiguration()
        let database = try StoreAccess.open(common.storeLocation, access: .readOnly, config: config)
        let items = try StoreAccess.run { try database.reviewList(includingResolved: all) }
        if json {
            try JSONOutput.print(items.map(ReviewItemJSON.init))
            return
        }
        var header = ["ID", "RECEIVED", "ACK", "ERR", "SENDER", "CONTROL ID", "ESCALATED", "REASON"]
        if all { header.insert("STATE", at: 1) }
        TextTable.print(header: header, rows: items.map { item in
            var row = [String(item.id), Timestamp.iso(item.receivedAt), item.ackCode, item.errorCode.map(String.init) ?? "",
                       item.sender, item.controlID ?? "-", item.escalatedAt.map(Timestamp.iso) ?? "-", item.reason]
            if all { row.insert(item.resolution.map { $0.replayedAs.map { "replayed as \($0)" } ?? "resolved" } ?? "open", at: 1) }
            return row
        })
    }
}

/// `carequeue review show ID [--json]`
struct ReviewShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one review-list message: why, what became of it, and its bytes one segment per line.",
        discussion: "The bytes may hold a patient's identity, so showing them is recorded in the audit trail (message.viewed, via \"review show\") and needs write access to the database.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Message id (see `review list`).") var id: Int64
    @Flag(help: "JSON: the `review list --json` fields plus segments (one per segment, control characters shown).") var json = false
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let (_, database) = try ConfiguredStore.openForWriting(common)
        guard let item = try StoreAccess.run({ try database.reviewItem(id: id) }),
              let raw = try StoreAccess.run({ try database.rawMessage(id: id) }) else {
            throw CommandFailure(ReviewOutcomeText.notOnList(id))
        }
        // Recorded before anything is shown, as `tasks show` does.
        var viewed = AccessAuditEntry(.rawMessageViewed(messageID: id), at: Date(), user: try actor.name(),
                                      terminal: TerminalName.standardInput())
        viewed.details["via"] = AccessAuditEntry.Via.reviewShow.rawValue
        try StoreAccess.run { try database.appendAccess([viewed]) }
        if json {
            try JSONOutput.print(ReviewItemJSON(item, raw: raw))
        } else {
            print(ReviewDetailText.render(item, raw: raw).joined(separator: "\n"))
        }
    }
}

/// `carequeue review resolve ID --note T`
struct ReviewResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Take a message off the open review list, saying why (audited as message.resolved).",
        discussion: "The message, its bytes and its answer stay; `review list --all` shows it with who resolved it and the note.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Message id (see `review list`).") var id: Int64
    @Option(help: "Why nothing more is to be done (e.g. \"lab resent it corrected as 88213\").") var note: String
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        if UntrustedText.isBlank(note) { throw ValidationError("--note must say why the message is resolved") }
    }

    func run() async throws {
        let user = try actor.name()
        let (_, database) = try ConfiguredStore.openForWriting(common)
        let note = note.trimmingCharacters(in: .whitespaces)
        let outcome = try StoreAccess.run { try database.resolveReviewMessage(id: id, note: note, user: user, at: Date()) }
        try Self.report(ReviewOutcomeText.resolve(id, note: note, outcome))
    }

    /// Prints what was done, or fails with why not.
    static func report(_ outcome: ReviewActionOutcome) throws {
        switch outcome {
        case .done(let text): print(text)
        case .refused(let text): throw CommandFailure(text)
        }
    }
}

/// `carequeue review replay ID`
struct ReviewReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Run intake again on a review-list message's stored bytes, under today's configuration and roster.",
        discussion: """
            For after fixing the cause (a configuration change such as [listener] processing_ids). A message \
            that now passes is stored as a new message (received at the original time) and becomes tasks here \
            and now; the original is resolved as "replayed as message N" (audited as message.replayed). One that \
            still fails says why and stays on the list (audited as message.replay_refused). Safe while the \
            listener runs.
            """)

    @OptionGroup var common: CommonOptions
    @Argument(help: "Message id (see `review list`).") var id: Int64
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let user = try actor.name()
        let (config, database) = try ConfiguredStore.openForWriting(common)
        let outcome = try StoreAccess.run { try database.replayReviewMessage(id: id, config: config, user: user, at: Date()) }
        try ReviewResolveCommand.report(ReviewOutcomeText.replay(id, outcome))
    }
}
