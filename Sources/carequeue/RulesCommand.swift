import ArgumentParser
import CareQueueApp
import CareQueueCore
import Foundation

/// `carequeue rules …`
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Check routing and tiering rules before changing them.",
        subcommands: [RulesTryCommand.self])
}

/// `carequeue rules try FILE|DIR… | --stored --since T`
struct RulesTryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Show where messages would route and how they would be tiered, with the reasons; nothing is written.",
        discussion: """
            Runs each message through the listener's checks and ingest's rules — the configuration from --config, \
            the roster and coverage in the database (with --roster / --coverage files laid over them as their \
            imports would) — and prints the ACK it would get (refusals with ERR code and reason), or per order its \
            task: tier and reason, queue and routing reason, due window; orders and referrals with the time their \
            result is expected by. Messages are tried in order as if they arrived now (or --at): a final result \
            updates the task its preliminary made, a consult note finds the referral tried before it, a resend is \
            a duplicate. The database is opened read only and only read: no message, task, audit row or anchor \
            changes, and a missing database is not created (give --roster to try without one). A FILE may hold \
            several messages (MLLP frames, MSH after MSH, FHS/BHS batches); a DIR means the regular files directly \
            in it, by name, skipping files without an MSH line. --stored --since T tries the messages stored since \
            T again, refused ones included. Exit 0 when it ran, whatever the messages would get; 1 for an unreadable \
            file or a missing database; 64 for wrong flags.
            """)

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("HL7 files or directories of them.", valueName: "file-or-dir")) var paths: [String] = []
    @Flag(help: "Try the messages stored in the database instead of files (needs --since).") var stored = false
    @Option(help: ArgumentHelp("With --stored: those received at or after T (ISO 8601; local time without an offset).", valueName: "T"))
    var since: String?
    @Option(help: ArgumentHelp("A roster CSV to try before importing it: laid over the stored roster as `roster import` would.", valueName: "csv"))
    var roster: String?
    @Option(help: ArgumentHelp("A coverage CSV to try before importing it: added to the stored coverage as `coverage import` would.", valueName: "csv"))
    var coverage: String?
    @Option(help: ArgumentHelp("When the messages are taken to arrive, for coverage and due times (default now; ISO 8601).", valueName: "T"))
    var at: String?
    @Flag(help: "JSON output (see README for the fields).") var json = false

    func validate() throws {
        if stored, !paths.isEmpty { throw ValidationError("give files or --stored, not both") }
        if !stored, paths.isEmpty { throw ValidationError("give files or directories to try, or --stored --since T") }
        if stored, since == nil { throw ValidationError("--stored needs --since T (ISO 8601, e.g. 2026-03-01T08:00)") }
        if !stored, since != nil { throw ValidationError("--since goes with --stored") }
        _ = try AsOf.parseIfGiven(since, option: "--since")
        _ = try AsOf.parseIfGiven(at, option: "--at")
    }

    func run() async throws {
        let arrival = try AsOf.parse(at)
        let trial = try RulesTrialRun(config: try common.loadConfiguration(), store: common.storeLocation,
                                  rosterFile: roster, coverageFile: coverage, at: arrival)
        let source: RulesTrialRun.Source = if let since = try AsOf.parseIfGiven(since, option: "--since") {
            .stored(since: since)
        } else {
            .paths(paths)
        }
        let report = try trial.run(source)
        if json {
            try JSONOutput.print(RulesTrialJSON(report))
            return
        }
        for message in report.messages {
            for line in RulesTrialText.lines(message, at: arrival) { print(line) }
        }
        if !report.skipped.isEmpty {
            print("skipped (no MSH line): \(report.skipped.map { TrialShown.text($0) }.joined(separator: ", "))")
        }
        print(RulesTrialText.summary(RulesTrialSummary(report.messages)))
    }
}
