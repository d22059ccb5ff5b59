import Foundation

/// A clinical document (MDM^T02, or its edits T06/T08/T10) as CareQueue reads it: a consult note
/// that may answer a tracked referral. Its task follows the same rules as a result's, so the note
/// is kept as one order's result (`document`).
public struct ConsultNote: Sendable, Equatable {
    public var sender: SenderID
    /// MSH-10 exactly as sent.
    public var controlID: String
    /// MSH-12, e.g. "2.5".
    public var version: String
    /// "MDM^T02" …: what the message was.
    public var type: String
    public var patient: Patient
    /// The referral ids the note names, in the order they are tried: ORC-2, OBR-2, then each TXA-14
    /// placer order number. Empty when it names none.
    public var referralIDs: [String]
    /// The note as a result: placer number the first referral id, filler number TXA-12 (the unique
    /// document number), test TXA-2 (document type), provider OBR-16, else ORC-12, else PV1-8
    /// (referring doctor), status from the event and TXA-17, observations its OBX.
    public var document: OrderResult

    public init(sender: SenderID, controlID: String, version: String, type: String, patient: Patient,
                referralIDs: [String], document: OrderResult) {
        self.sender = sender
        self.controlID = controlID
        self.version = version
        self.type = type
        self.patient = patient
        self.referralIDs = referralIDs
        self.document = document
    }

    /// The note as a result message of one order, for the task rules every result follows.
    public var asResult: ResultMessage {
        ResultMessage(sender: sender, controlID: controlID, version: version,
                      patientResults: [PatientResult(patient: patient, orders: [document])])
    }
}
