import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue report [--json|--csv] [--as-of ISO8601]`: the charge nurse's digest per provider.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Per provider: open, overdue, critical open, escalated, oldest and median age, within-window rate.",
        discussion: """
            One row per queue, Unassigned first (provider_npi null), then every provider with a result \
            queue by NPI. Ages count from the clock start (receipt, or the re-opening) in seconds. \
            within_window_rate: of the tasks whose clock stopped in the 24 h before the report time, the \
            share stopped before due (null when none).
            """)

    @OptionGroup var common: CommonOptions
    @Flag(help: "JSON: an array of rows.") var json = false
    @Flag(help: "CSV with a header row (RFC 4180).") var csv = false
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Report as of this time (ISO 8601; local without an offset). Default: now.", valueName: "time"))
    var asOf: String?

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        _ = try AsOf.parse(asOf)
    }

    func run() async throws {
        let now = try AsOf.parse(asOf)
        let (config, database) = try ConfiguredStore.openForReading(common)
        let rows = try StoreAccess.run { try database.queueReport(at: now, windows: config.windows) }
        if json {
            try JSONOutput.print(rows.map(ReportRowJSON.init))
        } else if csv {
            var text = CSVWriting.record(QueueReport.Row.columns)
            for row in rows { text += CSVWriting.record(row.fields) }
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            TextTable.print(header: ["NPI", "PROVIDER", "OPEN", "OVERDUE", "CRITICAL", "ESCALATED", "OLDEST", "MEDIAN", "IN WINDOW"],
                            rows: rows.map { row in
                [row.providerNPI ?? "-", row.provider, String(row.open), String(row.overdue), String(row.criticalOpen),
                 String(row.escalated), row.oldestAgeSeconds.map { AgeText.compact(TimeInterval($0)) } ?? "-",
                 row.medianAgeSeconds.map { AgeText.compact(TimeInterval($0)) } ?? "-",
                 row.withinWindowRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-"]
            })
        }
    }
}
