import Foundation

/// One message in the outbox: a task event written back to the EHR, and where its delivery stands.
public struct OutboxEntry: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Not yet acknowledged: held for the undo window, sending, or retrying after a transport failure.
        case waiting
        /// The EHR answered AA or CA.
        case delivered
        /// The EHR answered AE or AR: kept with its ACK, not retried until someone says so.
        case failed
        /// The action it reported was undone before the message left.
        case cancelled
    }

    public var id: Int64
    public var taskID: Int64
    public var event: OutboundEvent.Kind
    /// MSH-10, fixed when the row was written: every send of this row carries it.
    public var controlID: String
    /// "MDM^T02" or "ORU^R01".
    public var messageType: String
    public var status: Status
    /// When the action happened and the row was written.
    public var createdAt: Date
    /// The end of the action's undo window: nothing is sent before it.
    public var deliverableAt: Date
    /// Sends made so far (each a connection attempt or a message written).
    public var attempts: Int
    /// The earliest the next send may happen (a retry's backoff), for a waiting row.
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    /// The first of the current run of failed sends; nil once a send got an answer.
    public var firstFailureAt: Date?
    /// Why the last send did not deliver ("connection refused", "no ACK within 30 s", the ACK's text).
    public var lastError: String?
    /// MSA-1 of the answer that ended it (AA, CA, AE, AR), and the ACK as received with control
    /// characters visible.
    public var ackCode: String?
    public var ack: String?
    /// When it was delivered, failed or cancelled.
    public var finishedAt: Date?
    /// The task's patient and test, for lists.
    public var patient: String
    public var test: String

    public init(id: Int64, taskID: Int64, event: OutboundEvent.Kind, controlID: String, messageType: String,
                status: Status, createdAt: Date, deliverableAt: Date, attempts: Int = 0, nextAttemptAt: Date,
                lastAttemptAt: Date? = nil, firstFailureAt: Date? = nil, lastError: String? = nil,
                ackCode: String? = nil, ack: String? = nil, finishedAt: Date? = nil, patient: String = "",
                test: String = "") {
        self.id = id
        self.taskID = taskID
        self.event = event
        self.controlID = controlID
        self.messageType = messageType
        self.status = status
        self.createdAt = createdAt
        self.deliverableAt = deliverableAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.firstFailureAt = firstFailureAt
        self.lastError = lastError
        self.ackCode = ackCode
        self.ack = ack
        self.finishedAt = finishedAt
        self.patient = patient
        self.test = test
    }
}
