import Foundation

/// How the simulator sends orders before their results (`simulate --orders`, `demo`): a share of the
/// new work is placed first as an order from the clinic's EHR; most of those are resulted some
/// messages later under the same MRN and placer number, a few never are (they go overdue), some are
/// stat, and a few referrals go out that no result answers.
public struct OrderFlow: Sendable, Equatable {
    /// Share of new work (not a due result) placed as an order first; the rest arrives as results
    /// alone, as from a lab whose orders were placed elsewhere.
    public var orderShare: Double
    /// Share of placed orders whose result never comes.
    public var neverResultedShare: Double
    /// Share of new work that is a referral (REF^I12).
    public var referralShare: Double
    /// Share of resulted orders whose result comes late (after `lateDelay` messages, not `resultDelay`).
    public var lateShare: Double

    /// Messages between an order and its result: most come soon, late ones long after (in the demo,
    /// at one message a second, past its short windows).
    static let resultDelay = 3...40
    static let lateDelay = 90...240
    /// Orders awaiting their result, at most: when full, the oldest is resulted at once.
    static let memory = 96

    public init(orderShare: Double = 0.5, neverResultedShare: Double = 0.08, referralShare: Double = 0.03,
                lateShare: Double = 0.1) {
        self.orderShare = orderShare
        self.neverResultedShare = neverResultedShare
        self.referralShare = referralShare
        self.lateShare = lateShare
    }
}

/// Orders sent and waiting for their result message.
struct PlacedOrder: Sendable {
    var batch: ResultSimulator.Batch
    /// Final reports that follow preliminary first reports.
    var finals: [OrderDraft]
    /// ORC-9 of the order: when the specimen was taken, for the result.
    var orderedAt: Date
    /// The message count from which its result may be sent.
    var dueAtMessage: Int
}
