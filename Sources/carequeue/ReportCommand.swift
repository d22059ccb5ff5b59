import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue report [--from T] [--to T] [--by provider|tier|coordinator|test] [--json|--csv]`: the
/// charge nurse's digest and the practice's own figures, and the turnaround of orders per test.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Per provider, tier or coordinator: open and overdue work, and how a period's results were handled; the turnaround of its orders per test.",
        discussion: """
            The period is [--from, --to): by default the 24 h before now. Rows: --by provider (the \
            default) gives the Unassigned queue first, then every provider with a result queue by NPI; \
            --by tier gives critical, abnormal, routine; --by coordinator gives first the tasks of \
            queues whose provider names no coordinator (the Unassigned queue included), then one row \
            per login in the roster's coordinators column (a task counts for every coordinator of its \
            provider). Tasks are grouped by the queue and tier they are in now.

            As of --to: open (not closed), overdue (running clock at or past due), critical_open, \
            escalated (open at level 1 or 2), oldest_age_s and median_age_s (seconds from the clock \
            start — receipt or re-opening — to --to); within_window_rate: of the clocks that stopped \
            in the period, the share stopped before due.

            Over the results (tasks) received in the period — results counts them: \
            critical_acknowledged_within_window_rate: of the critical ones decided by --to, the share \
            whose first acknowledgement (ack, call attempt or close; not reassign) came before \
            [windows] critical had passed since arrival, or since the update that made it critical; \
            one still unacknowledged with its window running is undecided, one the lab cancelled in \
            time is not counted. median_first_action_s: arrival to the first ack, attempt, close or \
            reassign before --to, over those that had one. failed_contact_per_1000: failed call \
            attempts on them before --to per 1,000 results, one decimal. documented_close_rate: of \
            the tasks people closed in the period (and still closed), the share with an outcome and \
            a non-empty note. Actions later undone do not count. Rates are 0 to 1; a figure with \
            nothing to count is null (empty in CSV).

            Turnaround per test, over the orders and referrals placed in the period (not cancelled): \
            the text report prints it below the table; --by test gives only it, and is how --json and \
            --csv give it. ordered; resulted (by --to); median_turnaround_s and p90_turnaround_s (order \
            to first result, the 90th percentile by nearest rank); resulted_in_time_rate: of the \
            orders decided by --to — resulted, or still awaiting past the time [turnaround] expects \
            them by — the share resulted before that time; awaiting and overdue as of --to. The last \
            row, "All", covers every test.
            """)

    @OptionGroup var common: CommonOptions
    @Flag(help: "JSON: an array of rows.") var json = false
    @Flag(help: "CSV with a header row (RFC 4180).") var csv = false
    @Option(help: ArgumentHelp("Start of the period: a date (local midnight) or an ISO 8601 time (local without an offset). Default: 24 h before --to.", valueName: "time"))
    var from: String?
    @Option(help: ArgumentHelp("End of the period, not included; the open counts and ages are as of it. Default: now.", valueName: "time"))
    var to: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The same as --to (kept for scripts written before --to).", valueName: "time"))
    var asOf: String?
    @Option(help: ArgumentHelp("One row per provider (default), tier or coordinator; or the turnaround of orders per test.",
                               valueName: "provider|tier|coordinator|test"))
    var by: ReportBy = .provider

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        _ = try period(now: Date())
    }

    /// The period the options name, or a usage error naming what is wrong.
    func period(now: Date) throws -> ReportPeriod {
        if to != nil && asOf != nil { throw ValidationError("--as-of is --to by another name: give one of them") }
        let start = try AsOf.parseIfGiven(from, option: "--from")
        let end = try AsOf.parseIfGiven(to, option: "--to") ?? AsOf.parseIfGiven(asOf)
        guard let period = ReportPeriod.resolve(from: start, to: end, now: now) else {
            let endText = to.map { "--to '\($0)'" } ?? asOf.map { "--as-of '\($0)'" } ?? "--to (now)"
            throw ValidationError("--from '\(from ?? "")' is not before \(endText): the period would be empty")
        }
        return period
    }

    func run() async throws {
        let period = try period(now: Date())
        let (config, database) = try ConfiguredStore.openForReading(common)
        let turnaround = { try StoreAccess.run { try database.turnaroundReport(period: period, turnaround: config.turnaround) } }
        guard let grouping = by.queueGrouping else {
            try printTurnaround(try turnaround(), period: period)
            return
        }
        let rows = try StoreAccess.run { try database.queueReport(period: period, windows: config.windows, by: grouping) }
        if json {
            try JSONOutput.print(rows.map(ReportRowJSON.init))
        } else if csv {
            var text = CSVWriting.record(QueueReport.Row.columns(grouping))
            for row in rows { text += CSVWriting.record(row.fields) }
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            print("Results received \(Timestamp.iso(period.from)) to \(Timestamp.iso(period.to)) (UTC)")
            ReportTable.print(rows, by: grouping)
            print("")
            try printTurnaround(try turnaround(), period: period)
        }
    }

    /// `--by test` as JSON, CSV or text; the text also ends the default report.
    private func printTurnaround(_ rows: [TurnaroundReport.Row], period: ReportPeriod) throws {
        if json {
            try JSONOutput.print(rows.map(TurnaroundRowJSON.init))
        } else if csv {
            var text = CSVWriting.record(TurnaroundReport.Row.columns)
            for row in rows { text += CSVWriting.record(row.fields) }
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            print("Orders placed \(Timestamp.iso(period.from)) to \(Timestamp.iso(period.to)) (UTC): turnaround by test")
            ReportTable.printTurnaround(rows)
        }
    }
}

/// What `report --by` lays out: the queue digest by provider, tier or coordinator, or the
/// turnaround of orders by test.
enum ReportBy: String, CaseIterable, ExpressibleByArgument {
    case provider, tier, coordinator, test

    /// The digest's grouping; nil for the turnaround.
    var queueGrouping: QueueReport.Grouping? { QueueReport.Grouping(rawValue: rawValue) }
}
