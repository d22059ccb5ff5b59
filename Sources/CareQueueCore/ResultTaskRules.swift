import Foundation

/// One result's (or consult note's) order applied to its task: routed, tiered, and for a consult
/// note given the note's tier and reason. The store's derivation and `rules try` both call this,
/// so a dry run cannot drift from what ingest does.
public struct ResultTaskRules: Sendable {
    public var roster: Roster
    public var windows: CareQueueConfig.Windows
    public var tiers: CareQueueConfig.Tiers
    /// `[turnaround] consult_note_tier`.
    public var consultNoteTier: Urgency

    public init(roster: Roster, windows: CareQueueConfig.Windows, tiers: CareQueueConfig.Tiers, consultNoteTier: Urgency) {
        self.roster = roster
        self.windows = windows
        self.tiers = tiers
        self.consultNoteTier = consultNoteTier
    }

    /// The task after `order` (already named by `consult`, when it is a consult note) arrives at `now`.
    public func update(_ order: OrderResult, patient: Patient, sender: SenderID, consult: ConsultNoteMatch?,
                       existing: TaskState?, now: Date) -> OrderUpdateResult {
        let routing = Router.route(consult.map(\.provider) ?? order.orderingProvider, roster: roster, at: now)
        var update = OrderUpdate.apply(existing: existing, order: order, patient: patient, sender: sender,
                                       routing: routing, now: now, windows: windows, tiers: tiers)
        if let consult {
            ConsultNoteRule.apply(&update, tier: consultNoteTier, reason: consult.reason(consultNoteTier), windows: windows)
        }
        return update
    }
}
