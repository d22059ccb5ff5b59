import Dispatch

/// When the writer thread derives instead of storing, and for how long: ACKs first, derivation in
/// the pauses, and never so late that a result stays invisible for long. Pure, so it is tested
/// without a database or a clock.
///
/// - Messages waiting for their ACK are stored first, while `[store] max_backlog` has room: a
///   burst is acknowledged at the rate the ACK's small transaction allows, not the derivation's.
/// - The backlog is derived when the traffic pauses (`quiet`, longer than a sender's turnaround on a
///   LAN, so a stop-and-wait sender's next message does not queue behind a chunk after every ACK),
///   when the oldest waiting message has waited `visibleWithin` (then chunks and stores take turns),
///   when the backlog is full, when
///   someone waits for it (`drain`, a large message's ACK), and on shutdown.
/// - A chunk's time grows with the backlog: a few messages take ~1.5 ms (an ACK arriving meanwhile
///   barely waits), a full backlog 25 ms chunks (index pages shared by hundreds of messages). A
///   chunk derived between messages that keep coming takes 1 ms.
struct DerivationSchedule {
    static let quiet: DispatchTimeInterval = .microseconds(500)
    static let visibleWithin: DispatchTimeInterval = .milliseconds(100)
    static let shortestChunk: Duration = .microseconds(1_500)
    static let longestChunk: Duration = .milliseconds(25)
    /// Chunk time added per message waiting.
    static let chunkPerWaitingMessage: Duration = .microseconds(10)

    enum Step: Equatable {
        case store
        case derive
        case stop
        /// Sleep until this instant or until a new message comes.
        case wait(until: DispatchTime)
    }

    struct Situation {
        var now: DispatchTime
        var messagesQueued: Bool
        var closed: Bool
        /// Stored messages not yet derived, and the bound.
        var backlog: Int
        var maxBacklog: Int
        /// When the oldest of them was stored.
        var oldestWaiting: DispatchTime?
        /// When the last message was stored (the pause is measured from it).
        var lastStored: DispatchTime
        var someoneWaits: Bool
        /// No chunk before this (after a failure); `gaveUp` when closing while the database refuses.
        var retryAt: DispatchTime
        var gaveUp: Bool
        /// The last step derived a chunk: an overdue backlog takes turns with the queue, never starves it.
        var justDerived = false
        /// Chunks run beside the writer (`DerivationWorker`, PostgreSQL), and whether one runs now.
        var derivesAside = false
        var chunkInFlight = false
    }

    static func next(_ situation: Situation) -> Step {
        let hasWork = (situation.backlog > 0 || situation.someoneWaits) && !situation.gaveUp
        let room = situation.gaveUp || situation.backlog < situation.maxBacklog
        let canDerive = hasWork && situation.retryAt <= situation.now
        let visibleBy = situation.oldestWaiting.map { $0 + visibleWithin }
        let overdue = visibleBy.map { $0 <= situation.now } ?? false
        if situation.derivesAside { return nextAside(situation, hasWork: hasWork, room: room, canDerive: canDerive) }
        if situation.messagesQueued, room, !(canDerive && overdue) || situation.justDerived { return .store }
        if canDerive {
            let quietEnough = situation.lastStored + quiet <= situation.now
            if !room || overdue || quietEnough || situation.someoneWaits || situation.closed { return .derive }
        }
        if situation.closed, !situation.messagesQueued, !hasWork { return .stop }
        guard hasWork else { return .wait(until: .distantFuture) }
        var wake = max(situation.retryAt, situation.lastStored + quiet)
        if let visibleBy { wake = min(wake, max(visibleBy, situation.retryAt)) }
        return .wait(until: wake)
    }

    /// With chunks beside the writer no ACK waits for one: a chunk starts whenever there is work and
    /// none runs, and the writer stores meanwhile, waiting only for room or for the chunk to end
    /// (which wakes it). It stops once nothing is queued, stored-but-underived or running.
    private static func nextAside(_ situation: Situation, hasWork: Bool, room: Bool, canDerive: Bool) -> Step {
        if canDerive, !situation.chunkInFlight { return .derive }
        if situation.messagesQueued, room { return .store }
        if situation.chunkInFlight { return .wait(until: .distantFuture) }
        if situation.closed, !situation.messagesQueued, !hasWork { return .stop }
        guard hasWork else { return .wait(until: .distantFuture) }
        return .wait(until: situation.retryAt)
    }

    /// How long a chunk beside the writer may run: the longest (no ACK waits for it).
    static let chunkAside = longestChunk

    /// How long a chunk may run when it is derived only because a result has waited too long while
    /// messages keep coming: short, so each sender's next ACK waits little more than its own commit.
    static let chunkWhileTrafficFlows: Duration = .milliseconds(1)

    /// How long the next chunk may run with `backlog` messages waiting.
    static func chunkTime(backlog: Int) -> Duration {
        min(longestChunk, shortestChunk + chunkPerWaitingMessage * max(0, backlog))
    }

    /// How long the chunk `next(situation)` chose may run.
    static func chunkTime(_ situation: Situation) -> Duration {
        let room = situation.gaveUp || situation.backlog < situation.maxBacklog
        let trafficFlows = situation.lastStored + quiet > situation.now
        if room, trafficFlows, !situation.someoneWaits, !situation.closed { return chunkWhileTrafficFlows }
        return chunkTime(backlog: situation.backlog)
    }
}
