import Foundation

/// The figures a kill loop ends with, and its verdict.
struct KillTestSummary: Sendable {
    var seed: UInt64
    var senders: Int
    var report: KillLoop.Report
    var answers: [AnsweredMessage]
    var refusedConnections: Int
    var reconciliation: KillTestReconciliation
    var audit: KillTestAuditCheck.Outcome
    /// From the start of the command to the end of the checks.
    var elapsed: Duration

    /// Nothing acknowledged lost or doubled, every refusal in review, the audit chain intact, a clean stop.
    var passed: Bool { reconciliation.passed && audit.passed && report.stoppedCleanly }

    /// The summary, one `label: value` per line, figures without thousands separators so scripts can read them.
    var lines: [String] {
        let acknowledged = answers.filter { $0.ackCode == "AA" }
        let refused = answers.filter { $0.ackCode == "AE" }
        let resends = answers.reduce(0) { $0 + max($1.transmissions - 1, 0) }
        let reviewed = refused.count - Set(reconciliation.refusedNotReviewed).count
        let kinds = KillMoment.Kind.allCases.compactMap { kind in
            report.kills[kind].map { "\(kind.rawValue) \($0)" }
        }
        let loopMinutes = Double(report.duration.components.seconds) / 60
            + Double(report.duration.components.attoseconds) / 6e19
        let stop = report.finalStop.map { "\($0)" } ?? "not reached"
        func row(_ label: String, _ value: String) -> String {
            "  " + (label + ":").padding(toLength: 17, withPad: " ", startingAt: 0) + " " + value
        }
        return [
            "bench killtest: \(passed ? "PASS" : "FAIL") (seed \(seed), \(senders) sender\(senders == 1 ? "" : "s"))",
            row("kills", "\(report.totalKills)" + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))")),
            row("messages sent", "\(answers.count)"),
            row("resends", "\(resends) (same bytes and control id; \(reconciliation.duplicateDeliveries) were already stored and got AA as duplicates)"),
            row("refused connects", "\(refusedConnections) (listener down or restarting)"),
            row("acknowledged", "\(acknowledged.count) AA (\(acknowledged.filter(\.message.updatesAnOrder).count) updating an earlier order)"),
            row("refused", "\(refused.count) AE (\(reviewed) in the review list, \(reconciliation.refusedListedAgain) listed again after a resend)"),
            row("lost", "\(reconciliation.lost.count)"),
            row("duplicated", "\(reconciliation.duplicated.count)"),
            row("tasks", "\(reconciliation.ordersChecked) orders checked, \(reconciliation.missingTasks.count) messages without their task, \(reconciliation.staleTasks.count) tasks missing their latest update"),
            row("audit verify", (audit.passed ? "passed: " : "FAILED: ") + audit.verdict),
            row("final stop", (report.stoppedCleanly ? "clean, SIGTERM: " : "NOT clean: ") + stop),
            row("elapsed", String(format: "%.1f s (kill loop %.1f s, %.1f kills/minute)",
                                  seconds(elapsed), seconds(report.duration),
                                  loopMinutes > 0 ? Double(report.totalKills) / loopMinutes : 0)),
        ] + reconciliation.failures().map { "  FAILED " + $0 }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
