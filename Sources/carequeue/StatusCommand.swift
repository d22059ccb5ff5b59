import ArgumentParser
import CareQueueApp
import CareQueueCore
import Foundation

/// `carequeue status [--json]`: the service at a glance, with a monitoring plugin's exit code.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Is the listener up, is the feed arriving, is anything backing up? Exit code 0 OK, 1 warning, 2 critical, 3 unknown.",
        discussion: """
            Reads the database (never creating or migrating it) and the configuration: the listener's \
            state from its heartbeat (running, stopped cleanly, stale, never started), messages and ACK \
            codes today and in the last hour, the review list, the outbox, the silent-feed watchdog and \
            the TLS certificate. The exit code follows the Nagios/Icinga plugin convention: 1 when the \
            feed is silent, a backlog passes its [status] threshold or the certificate expires within \
            [status] certificate_warning; 2 when no listener runs; 3 when there is no database to read.
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "JSON output (see README for the fields).") var json = false

    func run() throws {
        let report: ServiceStatusReport
        do {
            report = ServiceStatusReport.read(store: try common.storeLocation, config: try common.loadConfiguration(),
                                              at: Date())
        } catch {
            // A check that cannot run is unknown to a monitor, not an ordinary failure.
            report = ServiceStatusReport.unknown(common.storeDescription, at: Date(), "\(error)")
        }
        if json {
            try JSONOutput.print(StatusJSON.value(report))
        } else {
            FileHandle.standardOutput.write(Data(StatusText.render(report).utf8))
        }
        let level = report.assessment.level
        if level != .ok { throw ExitCode(level.rawValue) }
    }
}
