import CareQueueCore
import Foundation

/// Everything needed to write one ORDER_OBSERVATION group, kept for a later final report.
struct OrderDraft: Sendable {
    var test: OrderableTest
    /// OBR-2 / ORC-2 entity identifier (the ordering EHR's number).
    var placer: String
    /// OBR-3 / ORC-3 entity identifier (the lab's number).
    var filler: String
    var provider: ProviderPlan
    /// Table 0485: S (stat) or R (routine).
    var priority: String
    /// OBR-7 and OBX-14.
    var collectedAt: Date
    /// OBR-25 / OBX-11: P or F.
    var status: String
    var observations: [ReportedObservation]
    var urgency: Urgency
    /// NTE segments after the OBR.
    var notes: [String]
    var isFollowUp: Bool
}
