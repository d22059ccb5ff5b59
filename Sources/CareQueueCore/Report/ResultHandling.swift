import Foundation

/// What happened to one task after it arrived, from its audit rows, as the report's period figures
/// read it: the coordinators' actions, undos, the rise to critical and the lab's cancellation.
public struct ResultHandling: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A coordinator's action, by its audit name: "ack", "attempt", "close", "reassign".
            case action(String)
            /// `task.undone`: the action at audit row `seq` was taken back.
            case undid(seq: Int64)
            /// `task.urgency-raised` to critical: an update made the result critical.
            case becameCritical
            /// `task.cancelled-by-lab`: the lab withdrew the result.
            case cancelledByLab
        }

        /// The audit row's sequence number: the order events happened in.
        public var seq: Int64
        public var at: Date
        public var kind: Kind

        public init(seq: Int64, at: Date, kind: Kind) {
            self.seq = seq
            self.at = at
            self.kind = kind
        }
    }

    /// The coordinators' actions a result's first action is looked for among (views, notes and
    /// claims are not actions on the result).
    public static let actions: Set<String> = ["ack", "attempt", "close", "reassign"]
    /// The actions that stop a critical task's clock (a reassignment leaves it running).
    public static let acknowledgements: Set<String> = ["ack", "attempt", "close"]

    /// First receipt of the order.
    public var receivedAt: Date
    public var events: [Event]

    public init(receivedAt: Date, events: [Event]) {
        self.receivedAt = receivedAt
        self.events = events.sorted { $0.seq < $1.seq }
    }

    /// The coordinators' actions before `end` that were not undone, oldest first.
    public func standingActions(before end: Date) -> [(seq: Int64, at: Date, name: String)] {
        let undone = Set(events.compactMap { event -> Int64? in
            if case .undid(let seq) = event.kind { return seq }
            return nil
        })
        return events.compactMap { event in
            guard case .action(let name) = event.kind, Self.actions.contains(name), event.at < end,
                  !undone.contains(event.seq) else { return nil }
            return (event.seq, event.at, name)
        }
    }

    /// Seconds from arrival to the first standing action before `end`; nil when there was none.
    public func firstActionSeconds(before end: Date) -> Int? {
        standingActions(before: end).first.map { max(0, Int($0.at.timeIntervalSince(receivedAt).rounded(.down))) }
    }

    /// Failed call attempts before `end` that were not undone.
    public func failedAttempts(before end: Date) -> Int {
        standingActions(before: end).filter { $0.name == "attempt" }.count
    }

    /// How a critical task's acknowledgement is judged as of `end` (see `CriticalAcknowledgement`).
    public func criticalAcknowledgement(window: TimeInterval, at end: Date) -> CriticalAcknowledgement.Verdict {
        // It became critical on arrival, or when an update raised it (the clock restarted then).
        let raise = events.last { $0.kind == .becameCritical }
        let since = raise?.at ?? receivedAt
        guard since < end else { return .notCounted }
        let afterSeq = raise?.seq ?? Int64.min
        let deadline = since.addingTimeInterval(window)
        let acknowledged = standingActions(before: end)
            .first { $0.seq > afterSeq && Self.acknowledgements.contains($0.name) }
        let cancelled = events.first { $0.kind == .cancelledByLab && $0.seq > afterSeq && $0.at < end }
        if let acknowledged, cancelled.map({ acknowledged.seq < $0.seq }) ?? true {
            return acknowledged.at < deadline ? .within : .late
        }
        // Withdrawn by the lab while still in time: nobody had anything left to acknowledge.
        if let cancelled, cancelled.at < deadline { return .notCounted }
        return end >= deadline ? .late : .undecided
    }
}
