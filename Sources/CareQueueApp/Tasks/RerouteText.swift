import CareQueueCore

/// One line per task routing moved, as the import, `coverage end` and `tasks reroute` commands print it.
public enum RerouteText {
    public static func line(_ move: TaskReroute) -> String {
        "task \(move.taskID) moved to \(move.toNPI ?? "Unassigned"): \(move.explanation)"
    }
}
