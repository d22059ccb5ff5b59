import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue purge [--before DATE] [--dry-run] [--json]`: retention on demand.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Remove the raw messages and observation history of tasks closed long ago; prune old audit rows.",
        discussion: """
            Tasks closed before DATE (default: now minus [retention] closed_after) keep their summary \
            row, the observations they closed on, attempts, escalations and audit rows; their messages \
            lose their raw bytes (once no open task, awaiting order, undelivered outbox message or the \
            review list needs them) and their superseded observations go. Audit rows older than \
            [retention] audit (default 2192d, six years) are pruned from the start of the chain, which \
            restarts at a checkpoint the audit anchor records, so `audit verify` still passes; --before \
            never moves that horizon. Every purge is audited (`purge`, with its counts). Safe while the \
            listener runs: 500 tasks per transaction. --dry-run counts and changes nothing.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Purge tasks closed before this time (ISO 8601; a date alone is local midnight). Default: now minus [retention] closed_after.", valueName: "date"))
    var before: String?
    @Flag(name: .customLong("dry-run"), help: "Count what would go; change nothing.") var dryRun = false
    @Flag(help: "JSON: {dry_run, before, audit_before, tasks, messages, bytes, observations, audit_rows, audit_restart, free_bytes}.")
    var json = false

    func validate() throws { _ = try AsOf.parseIfGiven(before, option: "--before") }

    func run() async throws {
        let now = StoreTime.truncated(Date())
        let user = try actor.name()
        let config = try common.loadConfiguration()
        let cutoff = try Self.cutoff(before, retention: config.retention, now: now)
        let (_, database) = try dryRun ? ConfiguredStore.openForReading(common) : ConfiguredStore.openForWriting(common)
        let counts = try StoreAccess.run {
            try PurgeRun.run(database, before: cutoff, retention: config.retention, at: now, by: user,
                             via: "purge command", dryRun: dryRun)
        }
        let horizon = PurgeRun.auditHorizon(config.retention, at: now)
        let free = try StoreAccess.run { try database.freeBytes() }
        if json {
            try JSONOutput.print(PurgeJSON(dryRun: dryRun, before: cutoff, auditBefore: horizon, counts: counts, freeBytes: free))
            return
        }
        PurgeText.lines(counts, before: cutoff, auditHorizon: horizon, dryRun: dryRun).forEach { print($0) }
        if !dryRun, counts.bytes > 0, database.dialect == .postgres {
            print("PostgreSQL's autovacuum makes the freed space reusable; only a VACUUM FULL (a DBA's task) gives it back to the file system")
        } else if !dryRun, counts.bytes > 0 {
            print("\(String(format: "%.1f MB", Double(free) / 1_000_000)) free inside the database file, reused by new "
                  + "messages; the file shrinks only after a VACUUM with the listener stopped (see README, Retention and purging)")
        }
    }

    /// The tasks' cut-off: `--before`, else `closed_after` ago; never later than now.
    static func cutoff(_ before: String?, retention: CareQueueConfig.Retention, now: Date) throws -> Date {
        if let given = try AsOf.parseIfGiven(before, option: "--before") {
            guard given <= now else {
                throw CommandFailure("--before \(before ?? "") is in the future: only tasks already closed can be purged")
            }
            return given
        }
        guard let closedAfter = retention.closedAfter else {
            throw CommandFailure("no date to purge before: pass --before DATE, or set [retention] closed_after (e.g. \"400d\")")
        }
        return now.addingTimeInterval(-closedAfter)
    }
}

/// `purge --json`.
struct PurgeJSON: Encodable {
    let dryRun: Bool
    let before: Date
    let auditBefore: Date
    let counts: PurgeCounts
    let freeBytes: Int64

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run", before, auditBefore = "audit_before", tasks, messages, bytes, observations
        case auditRows = "audit_rows", auditRestart = "audit_restart", freeBytes = "free_bytes"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(Timestamp.iso(before), forKey: .before)
        try container.encode(Timestamp.iso(auditBefore), forKey: .auditBefore)
        try container.encode(counts.tasks, forKey: .tasks)
        try container.encode(counts.messages, forKey: .messages)
        try container.encode(counts.bytes, forKey: .bytes)
        try container.encode(counts.observations, forKey: .observations)
        try container.encode(counts.auditRows, forKey: .auditRows)
        try container.encode(counts.auditRestart, forKey: .auditRestart)
        try container.encode(freeBytes, forKey: .freeBytes)
    }
}
