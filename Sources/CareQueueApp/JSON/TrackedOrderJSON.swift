import CareQueueCore
import Foundation

/// One element of `orders list --json` (and `orders show --json`).
public struct TrackedOrderJSON: Encodable {
    public let order: TrackedOrder
    /// When its result is expected (`[turnaround]`), and whether it is overdue at the time of asking.
    public let expectedBy: Date
    public let overdue: Bool

    public init(_ order: TrackedOrder, turnaround: CareQueueConfig.Turnaround, at now: Date) {
        self.order = order
        expectedBy = turnaround.expectedBy(order)
        overdue = turnaround.isOverdue(order, at: now)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, state, progress, mrn, patient, placerNumber = "placer_number", fillerNumber = "filler_number"
        case testCode = "test_code", test, orderingNPI = "ordering_npi", orderingName = "ordering_name"
        case referredTo = "referred_to", priority, stat, orderedAt = "ordered_at", resultedAt = "resulted_at"
        case resultTaskID = "result_task_id", firstActionAt = "first_action_at", closedAt = "closed_at"
        case sendingApplication = "sending_application", sendingFacility = "sending_facility"
        case expectedBy = "expected_by", overdue, missingTaskID = "missing_task_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(order.id, forKey: .id)
        try container.encode(order.kind.rawValue, forKey: .kind)
        try container.encode(order.state.rawValue, forKey: .state)
        try container.encode(order.progress, forKey: .progress)
        try container.encode(order.mrn, forKey: .mrn)
        try container.encode(order.patient, forKey: .patient)
        try container.encode(order.placerNumber, forKey: .placerNumber)
        try container.encode(order.fillerNumber, forKey: .fillerNumber)
        try container.encode(order.serviceCode, forKey: .testCode)
        try container.encode(order.test, forKey: .test)
        try container.encode(order.orderingNPI, forKey: .orderingNPI)
        try container.encode(order.orderingName, forKey: .orderingName)
        try container.encode(order.referredTo, forKey: .referredTo)
        try container.encode(order.priority, forKey: .priority)
        try container.encode(order.isStat, forKey: .stat)
        try container.encode(CLIJSON.instant(order.orderedAt), forKey: .orderedAt)
        try container.encode(order.resultedAt.map(CLIJSON.instant), forKey: .resultedAt)
        try container.encode(order.resultTaskID, forKey: .resultTaskID)
        try container.encode(order.missingTaskID, forKey: .missingTaskID)
        try container.encode(order.firstActionAt.map(CLIJSON.instant), forKey: .firstActionAt)
        try container.encode(order.closedAt.map(CLIJSON.instant), forKey: .closedAt)
        try container.encode(order.sender.application, forKey: .sendingApplication)
        try container.encode(order.sender.facility, forKey: .sendingFacility)
        try container.encode(CLIJSON.instant(expectedBy), forKey: .expectedBy)
        try container.encode(overdue, forKey: .overdue)
    }
}
