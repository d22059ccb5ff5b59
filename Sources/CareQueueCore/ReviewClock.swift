import Foundation

/// An open review-list message as the review clock sees it.
public struct ReviewClockSubject: Sendable, Equatable {
    public var messageID: Int64
    public var receivedAt: Date
    /// MSH-3/MSH-4 as sent ("" when the message named none); from the network.
    public var sender: String
    /// Where it came from ("10.0.0.5:51234"): named when the message names no sender.
    public var peer: String
    /// AA/CA: acknowledged, but its tasks could not be made; anything else: refused.
    public var ackCode: String
    /// Why it is on the list, as stored; from the network (it may quote header fields).
    public var reason: String

    public init(messageID: Int64, receivedAt: Date, sender: String, peer: String, ackCode: String, reason: String) {
        self.messageID = messageID
        self.receivedAt = receivedAt
        self.sender = sender
        self.peer = peer
        self.ackCode = ackCode
        self.reason = reason
    }
}

/// Nothing refused goes unseen: a message still open on the review list `[windows] review` after
/// it arrived escalates once to the care coordinators, as an Unassigned task does at once. Level 1
/// only — the list itself is where they deal with it; nobody's queue holds it for a level 2.
public enum ReviewClock {
    public static let target = "care coordinators"
    /// The longest stretch of the network's words an escalation quotes, in escaped characters.
    public static let reasonLimit = 80
    public static let senderLimit = 48

    /// The instant a message received at `receivedAt` escalates.
    public static func dueAt(receivedAt: Date, window: TimeInterval) -> Date {
        receivedAt.addingTimeInterval(window)
    }

    /// The escalation due at `now` for a message still open, or nil before its due instant.
    public static func due(for subject: ReviewClockSubject, at now: Date, window: TimeInterval,
                           roster: Roster) -> RecordedReviewEscalation? {
        let at = dueAt(receivedAt: subject.receivedAt, window: window)
        guard at <= now else { return nil }
        return RecordedReviewEscalation(messageID: subject.messageID, dueAt: at, recordedAt: now, target: target,
                                        targetNPIs: roster.people(withRole: .coordinator).map(\.npi),
                                        reason: reason(subject, window: window))
    }

    /// "Refused message 12 from LAB / MAIN open 1 h: PID-3 has no MRN". Sender and reason came over
    /// the network: escaped and capped, so the ticker, the audit trail and a terminal get one short line.
    public static func reason(_ subject: ReviewClockSubject, window: TimeInterval) -> String {
        let refused = subject.ackCode != "AA" && subject.ackCode != "CA"
        let from = subject.sender.isEmpty ? subject.peer : subject.sender
        let what = refused ? "Refused message \(subject.messageID)" : "Message \(subject.messageID) (no tasks made)"
        let reason = UntrustedText.forLog(subject.reason, limit: reasonLimit)
        return "\(what) from \(UntrustedText.forLog(from, limit: senderLimit)) open \(AgeText.short(window))"
            + (reason.isEmpty ? "" : ": \(reason)")
    }
}
