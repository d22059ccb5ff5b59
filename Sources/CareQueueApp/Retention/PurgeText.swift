import CareQueueCore
import Foundation

/// What `carequeue purge` prints, and the listener logs, about a purge.
public enum PurgeText {
    /// One line per part: the tasks' data, then the audit trail.
    public static func lines(_ counts: PurgeCounts, before: Date?, auditHorizon: Date, dryRun: Bool) -> [String] {
        let verb = dryRun ? "would remove" : "removed"
        var lines: [String] = []
        if let before {
            lines.append("tasks closed before \(Timestamp.iso(before)): \(counts.tasks) \(plural(counts.tasks, "task")); "
                + "\(verb) the raw bytes of \(counts.messages) \(plural(counts.messages, "message")) (\(megabytes(counts.bytes))) "
                + "and \(counts.observations) superseded \(plural(counts.observations, "observation"))")
        }
        var audit = "audit rows written before \(Timestamp.iso(auditHorizon)): \(dryRun ? "would prune" : "pruned") \(counts.auditRows)"
        if counts.auditRows > 0, let restart = counts.auditRestart {
            audit += dryRun ? "; the chain would restart at row \(restart)" : "; the chain restarts at row \(restart) (a checkpoint in the audit anchor)"
        }
        lines.append(audit)
        return lines
    }

    /// The listener's log line: counts only.
    public static func logLine(_ counts: PurgeCounts) -> String {
        "retention: purged \(counts.tasks) closed tasks, the raw bytes of \(counts.messages) messages (\(megabytes(counts.bytes))), "
            + "\(counts.observations) superseded observations, \(counts.auditRows) audit rows"
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    private static func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }
}
