import CareQueueCore
import Foundation

/// One element of `tasks list --json`, field for field as DESIGN.md's command-line contract names them.
public struct TaskJSON: Encodable {
    public let task: TaskListItem
    /// Claims lapsed by then read as unclaimed.
    public let now: Date

    public init(_ task: TaskListItem, at now: Date = Date()) {
        self.task = task
        self.now = now
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, status, urgency, mrn, patient, orderingNPI = "ordering_npi", assignedNPI = "assigned_npi"
        case unassigned, test, observations, resultStatus = "result_status", receivedAt = "received_at"
        case dueAt = "due_at", escalationLevel = "escalation_level", attempts, controlID = "control_id"
        case urgencyReason = "urgency_reason", dob, phone, coveringForNPI = "covering_for_npi", routing
        case reopened, retractionReview = "retraction_review"
        case testCode = "test_code", placerNumber = "placer_number", fillerNumber = "filler_number"
        case charsetWarning = "charset_warning"
        case claimedBy = "claimed_by", claimedUntil = "claimed_until"
        case callbackAt = "callback_at", contactPreference = "contact_preference"
        case signoffRequired = "signoff_required", signedOffBy = "signed_off_by", signedOffNPI = "signed_off_npi"
        case signedOffAt = "signed_off_at", signoffNote = "signoff_note"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(task.id, forKey: .id)
        try container.encode(task.kind.rawValue, forKey: .kind)
        try container.encode(task.status, forKey: .status)
        try container.encode(task.urgency, forKey: .urgency)
        try container.encode(task.mrn, forKey: .mrn)
        try container.encode(task.patient, forKey: .patient)
        try container.encode(task.orderingNPI, forKey: .orderingNPI)
        try container.encode(task.assignedNPI, forKey: .assignedNPI)
        try container.encode(task.unassigned, forKey: .unassigned)
        try container.encode(task.test, forKey: .test)
        try container.encode(task.observations.map(ObservationJSON.init), forKey: .observations)
        try container.encode(task.resultStatus, forKey: .resultStatus)
        try container.encode(CLIJSON.instant(task.receivedAt), forKey: .receivedAt)
        try container.encode(task.dueAt.map(CLIJSON.instant), forKey: .dueAt)
        try container.encode(task.escalationLevel, forKey: .escalationLevel)
        try container.encode(task.attempts, forKey: .attempts)
        try container.encode(task.controlID, forKey: .controlID)
        try container.encode(task.urgencyReason, forKey: .urgencyReason)
        try container.encode(task.dob, forKey: .dob)
        try container.encode(task.phone, forKey: .phone)
        try container.encode(task.coveringForNPI, forKey: .coveringForNPI)
        try container.encode(task.routing, forKey: .routing)
        try container.encode(task.reopened, forKey: .reopened)
        try container.encode(task.retractionReview, forKey: .retractionReview)
        try container.encode(task.testCode, forKey: .testCode)
        try container.encode(task.placerNumber, forKey: .placerNumber)
        try container.encode(task.fillerNumber, forKey: .fillerNumber)
        try container.encode(task.charsetWarning, forKey: .charsetWarning)
        let claim = task.claim.flatMap { $0.isActive(at: now) ? $0 : nil }
        try container.encode(claim?.by, forKey: .claimedBy)
        try container.encode(claim.map { CLIJSON.instant($0.until) }, forKey: .claimedUntil)
        try container.encode(task.callbackAt.map(CLIJSON.instant), forKey: .callbackAt)
        try container.encode(task.contactPreference, forKey: .contactPreference)
        let signed = task.signoff.signed
        try container.encode(task.signoff.required, forKey: .signoffRequired)
        try container.encode(signed?.providerName, forKey: .signedOffBy)
        try container.encode(signed?.npi, forKey: .signedOffNPI)
        try container.encode(signed.map { CLIJSON.instant($0.at) }, forKey: .signedOffAt)
        try container.encode(signed?.note, forKey: .signoffNote)
    }
}

/// One current observation in a task's `observations`.
struct ObservationJSON: Encodable {
    let observation: TaskListItem.ObservationItem

    init(_ observation: TaskListItem.ObservationItem) { self.observation = observation }

    enum CodingKeys: String, CodingKey { case code, text, value, units, range, flags, status }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(observation.code, forKey: .code)
        try container.encode(observation.text, forKey: .text)
        try container.encode(observation.value, forKey: .value)
        try container.encode(observation.units, forKey: .units)
        try container.encode(observation.range, forKey: .range)
        try container.encode(observation.flags, forKey: .flags)
        try container.encode(observation.status, forKey: .status)
    }
}
