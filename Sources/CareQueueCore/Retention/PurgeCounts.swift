import Foundation

/// What a retention purge removed (or, dry, would remove). Counts only: never patient data, so it
/// goes into the `purge` audit row and the log as is.
public struct PurgeCounts: Sendable, Equatable {
    /// Closed tasks whose data was purged (their summary rows stay).
    public var tasks = 0
    /// Messages whose raw bytes were removed.
    public var messages = 0
    /// How many raw bytes those messages held.
    public var bytes: Int64 = 0
    /// Superseded observation rows removed (the observations a task closed on stay).
    public var observations = 0
    /// Audit rows pruned from the start of the chain.
    public var auditRows = 0
    /// The row the audit chain now starts at, after a prune.
    public var auditRestart: Int64?

    public init(tasks: Int = 0, messages: Int = 0, bytes: Int64 = 0, observations: Int = 0, auditRows: Int = 0,
                auditRestart: Int64? = nil) {
        self.tasks = tasks
        self.messages = messages
        self.bytes = bytes
        self.observations = observations
        self.auditRows = auditRows
        self.auditRestart = auditRestart
    }

    public var isEmpty: Bool { tasks == 0 && messages == 0 && observations == 0 && auditRows == 0 }

    public static func + (lhs: PurgeCounts, rhs: PurgeCounts) -> PurgeCounts {
        PurgeCounts(tasks: lhs.tasks + rhs.tasks, messages: lhs.messages + rhs.messages, bytes: lhs.bytes + rhs.bytes,
                    observations: lhs.observations + rhs.observations, auditRows: lhs.auditRows + rhs.auditRows,
                    auditRestart: rhs.auditRestart ?? lhs.auditRestart)
    }

    public static func += (lhs: inout PurgeCounts, rhs: PurgeCounts) { lhs = lhs + rhs }
}
