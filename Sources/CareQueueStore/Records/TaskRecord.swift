import GRDB

/// One row of `tasks`, as stored: instants are the stored text, enums their raw values.
///
/// Read with `SELECT *` through a cached or prepared statement, so each `row[Columns.x]` is one
/// dictionary lookup on the statement's column names. Turning it into Core values (and the
/// fallbacks for values a hand edit may have broken) lives with the query that needs them.
struct TaskRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "tasks"

    enum Columns {
        static let id = Column("id")
        static let sendingApplication = Column("sending_application")
        static let sendingFacility = Column("sending_facility")
        static let placerNumber = Column("placer_number")
        static let fillerNumber = Column("filler_number")
        static let serviceCode = Column("service_code")
        static let serviceText = Column("service_text")
        static let patientMRN = Column("patient_mrn")
        static let patientFamily = Column("patient_family")
        static let patientGiven = Column("patient_given")
        static let patientDOB = Column("patient_dob")
        static let patientPhone = Column("patient_phone")
        static let orderingNPI = Column("ordering_npi")
        static let assignedNPI = Column("assigned_npi")
        static let coveringForNPI = Column("covering_for_npi")
        static let routingExplanation = Column("routing_explanation")
        static let urgency = Column("urgency")
        static let urgencyReason = Column("urgency_reason")
        static let labUrgency = Column("lab_urgency")
        static let labUrgencyReason = Column("lab_urgency_reason")
        static let resultStatus = Column("result_status")
        static let status = Column("status")
        static let receivedAt = Column("received_at")
        static let clockStartedAt = Column("clock_started_at")
        static let dueAt = Column("due_at")
        static let clockStoppedAt = Column("clock_stopped_at")
        static let escalationLevel = Column("escalation_level")
        static let attempts = Column("attempts")
        static let latestControlID = Column("latest_control_id")
        static let latestMessageID = Column("latest_message_id")
        static let reopened = Column("reopened")
        static let retractionReview = Column("retraction_review")
        static let closedAt = Column("closed_at")
        static let closedBy = Column("closed_by")
        static let closeOutcome = Column("close_outcome")
        static let closeNote = Column("close_note")
        static let version = Column("version")
        static let updatedAt = Column("updated_at")
        static let acknowledgedAt = Column("acknowledged_at")
        static let acknowledgedBy = Column("acknowledged_by")
        static let manuallyReassigned = Column("manually_reassigned")
        static let charsetWarning = Column("charset_warning")
        static let tierPosition = Column("tier_position")
        static let callbackAt = Column("callback_at")
        static let signedOffAt = Column("signed_off_at")
        static let signedOffBy = Column("signed_off_by")
        static let signedOffNPI = Column("signed_off_npi")
        static let signoffNote = Column("signoff_note")
        static let kind = Column("kind")
    }

    var id: Int64
    var sendingApplication: String
    var sendingFacility: String
    var placerNumber: String?
    var fillerNumber: String?
    var serviceCode: String
    var serviceText: String
    var patientMRN: String
    var patientFamily: String
    var patientGiven: String
    var patientDOB: String?
    var patientPhone: String?
    var orderingNPI: String?
    var assignedNPI: String?
    var coveringForNPI: String?
    var routingExplanation: String
    var urgency: String
    var urgencyReason: String
    var labUrgency: String?
    var labUrgencyReason: String?
    var resultStatus: String
    var status: String
    var receivedAt: String
    var clockStartedAt: String?
    var dueAt: String?
    var clockStoppedAt: String?
    var escalationLevel: Int
    var attempts: Int
    var latestControlID: String
    var latestMessageID: Int64
    var reopened: Bool
    var retractionReview: Bool
    var closedAt: String?
    var closedBy: String?
    var closeOutcome: String?
    var closeNote: String?
    var version: Int64
    var updatedAt: String
    var acknowledgedAt: String?
    var acknowledgedBy: String?
    var manuallyReassigned: Bool
    var charsetWarning: String?
    var tierPosition: Int?
    var callbackAt: String?
    var signedOffAt: String?
    /// The signing provider's roster name.
    var signedOffBy: String?
    var signedOffNPI: String?
    var signoffNote: String?
    /// `result` or `missing-result` (`TaskKind`).
    var kind: String

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        sendingApplication = row[Columns.sendingApplication]
        sendingFacility = row[Columns.sendingFacility]
        placerNumber = row[Columns.placerNumber]
        fillerNumber = row[Columns.fillerNumber]
        serviceCode = row[Columns.serviceCode]
        serviceText = row[Columns.serviceText]
        patientMRN = row[Columns.patientMRN]
        patientFamily = row[Columns.patientFamily]
        patientGiven = row[Columns.patientGiven]
        patientDOB = row[Columns.patientDOB]
        patientPhone = row[Columns.patientPhone]
        orderingNPI = row[Columns.orderingNPI]
        assignedNPI = row[Columns.assignedNPI]
        coveringForNPI = row[Columns.coveringForNPI]
        routingExplanation = row[Columns.routingExplanation]
        urgency = row[Columns.urgency]
        urgencyReason = row[Columns.urgencyReason]
        labUrgency = row[Columns.labUrgency]
        labUrgencyReason = row[Columns.labUrgencyReason]
        resultStatus = row[Columns.resultStatus]
        status = row[Columns.status]
        receivedAt = row[Columns.receivedAt]
        clockStartedAt = row[Columns.clockStartedAt]
        dueAt = row[Columns.dueAt]
        clockStoppedAt = row[Columns.clockStoppedAt]
        escalationLevel = row[Columns.escalationLevel]
        attempts = row[Columns.attempts]
        latestControlID = row[Columns.latestControlID]
        latestMessageID = row[Columns.latestMessageID]
        reopened = row[Columns.reopened]
        retractionReview = row[Columns.retractionReview]
        closedAt = row[Columns.closedAt]
        closedBy = row[Columns.closedBy]
        closeOutcome = row[Columns.closeOutcome]
        closeNote = row[Columns.closeNote]
        version = row[Columns.version]
        updatedAt = row[Columns.updatedAt]
        acknowledgedAt = row[Columns.acknowledgedAt]
        acknowledgedBy = row[Columns.acknowledgedBy]
        manuallyReassigned = row[Columns.manuallyReassigned]
        charsetWarning = row[Columns.charsetWarning]
        tierPosition = row[Columns.tierPosition]
        callbackAt = row[Columns.callbackAt]
        signedOffAt = row[Columns.signedOffAt]
        signedOffBy = row[Columns.signedOffBy]
        signedOffNPI = row[Columns.signedOffNPI]
        signoffNote = row[Columns.signoffNote]
        kind = row[Columns.kind]
    }
}
