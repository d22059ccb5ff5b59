import CareQueueCore
import Foundation
@testable import CareQueueStore

extension TestStore {
    /// `[outbound]` to a port nothing listens on, for every event.
    public static let unreachableEHR: CareQueueConfig.Outbound = {
        var outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: 9)
        outbound.events = [.close, .attempt, .signoff, .reopen]
        return outbound
    }()

    /// Writes task `taskID`'s outbox row for `kind` as an action's transaction does (an audit row,
    /// then the row naming it), without the action itself: for the outbox's own tests on either
    /// store. Returns the row's id.
    @discardableResult
    public func enqueueOutbox(_ kind: OutboundEvent.Kind = .close, taskID: Int64, note: String = "done",
                              hold: TimeInterval = 0, outbound: CareQueueConfig.Outbound = TestStore.unreachableEHR) throws -> Int64 {
        let now = clock.now()
        return try database.writeAudited { db, audit in
            try audit.append(at: now, user: "alice", action: "task.\(kind.rawValue)", taskID: taskID, details: [:], db)
            guard let id = try OutboxRows.enqueue(kind, taskID: taskID, at: now, user: "alice", account: Fixture.account,
                                                  outcome: kind == .close ? "reached" : nil, note: note,
                                                  auditSeq: audit.latestSeq, policy: OutboxPolicy(outbound: outbound, hold: hold), db)
            else { throw UnexpectedOutcome() }
            return id
        }
    }
}
