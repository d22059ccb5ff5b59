import CareQueueCore
import Foundation

/// `status` for people and for monitoring plugins: the first line is the plugin's summary
/// (`CAREQUEUE OK - …` with performance data after `|`), the lines under it the details.
public enum StatusText {
    public static func render(_ report: ServiceStatusReport) -> String {
        let now = report.checkedAt
        var summary = "CAREQUEUE \(report.assessment.level.name) - "
        guard let reading = report.reading else {
            return summary + report.assessment.problems.joined(separator: "; ") + "\n"
        }
        let facts = reading.facts
        let state = facts.listenerState(at: now)
        let running = reading.listeners.filter { $0.state(at: now) == .running }
        summary += report.assessment.problems.isEmpty
            ? (running.count > 1
                ? "\(running.count) listeners running: " + running.map { "\(host($0)) \($0.address)" }.joined(separator: ", ")
                : "listener running on \(facts.heartbeat?.address ?? "?")")
            : report.assessment.problems.joined(separator: "; ")
        summary += " | " + performanceData(reading)
        var lines = [summary]
        if reading.listeners.count > 1 {
            // Several hosts listen (PostgreSQL): one line each, named by host.
            for beat in reading.listeners {
                lines.append("listener:  \(host(beat)): " + listenerLine(beat.state(at: now), beat, at: now))
            }
        } else {
            lines.append("listener:  " + listenerLine(state, facts.heartbeat, at: now))
        }
        if let expiry = facts.certificateExpiresAt {
            lines.append("tls:       certificate valid until \(Timestamp.iso(expiry)) (\(AgeText.short(expiry.timeIntervalSince(now))) left)")
        } else if let problem = facts.certificateProblem {
            lines.append("tls:       \(problem)")
        }
        let last = reading.lastMessageAt.map { "last \(AgeText.short(max(0, now.timeIntervalSince($0)))) ago" } ?? "none yet"
        lines.append("messages:  today \(counts(reading.messagesToday)) · last hour \(counts(reading.messagesLastHour)) · \(last)")
        lines.append("review:    \(facts.reviewDepth) waiting")
        lines.append("outbox:    " + outboxLine(facts.outbox, at: now))
        lines.append("feed:      " + (facts.feedSilence.map { "SILENT for \(AgeText.short($0))" }
                                      ?? (state == .running ? "not silent" : "not watched (no listener)")))
        lines.append("database:  \(report.databasePath) (\(ByteCountFormatter.string(fromByteCount: reading.databaseBytes, countStyle: .file)))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func listenerLine(_ state: ListenerState, _ beat: Heartbeat?, at now: Date) -> String {
        guard let beat else { return "never started on this database" }
        switch state {
        case .running:
            return "running on \(beat.address), pid \(beat.pid), up \(AgeText.short(now.timeIntervalSince(beat.startedAt)))"
        case .stopped(let at):
            return "stopped at \(Timestamp.iso(at)) (\(AgeText.short(now.timeIntervalSince(at))) ago), was on \(beat.address)"
        case .stale(let since):
            return "STALE: no beat since \(Timestamp.iso(since)) (\(AgeText.short(now.timeIntervalSince(since))) ago), "
                + "pid \(beat.pid) on \(beat.address)"
        case .neverStarted:
            return "never started on this database"
        }
    }

    /// The host a listener beats from; a row from before heartbeats named theirs says so.
    static func host(_ beat: Heartbeat) -> String {
        beat.host.isEmpty ? "(host not recorded)" : beat.host
    }

    /// "12 (AA 11, AE 1)"
    static func counts(_ byCode: [String: Int]) -> String {
        let total = byCode.values.reduce(0, +)
        guard total > 0 else { return "0" }
        return "\(total) (" + byCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }

    static func outboxLine(_ outbox: OutboxSummary, at now: Date) -> String {
        var parts = ["\(outbox.waiting) waiting"]
        if let oldest = outbox.oldestWaitingAt { parts.append("oldest \(AgeText.short(now.timeIntervalSince(oldest)))") }
        if let since = outbox.unreachableSince { parts.append("EHR unreachable for \(AgeText.short(now.timeIntervalSince(since)))") }
        parts.append("\(outbox.failed) failed")
        return parts.joined(separator: ", ")
    }

    /// Nagios performance data: `label=value;warn` pairs a grapher can plot.
    static func performanceData(_ reading: ServiceStatusReport.Reading) -> String {
        let facts = reading.facts
        return [
            "messages_today=\(reading.messagesToday.values.reduce(0, +))",
            "messages_last_hour=\(reading.messagesLastHour.values.reduce(0, +))",
            "review=\(facts.reviewDepth)",
            "outbox_waiting=\(facts.outbox.waiting)",
            "outbox_failed=\(facts.outbox.failed)",
            "database=\(reading.databaseBytes)B",
        ].joined(separator: " ")
    }
}
