import Foundation
import HL7

/// Turns a parsed MDM^T02 (original document with content) or its edits with content — T06
/// addendum, T08 edit, T10 replacement — into a `ConsultNote`, or says why it cannot be kept
/// (AE + ERR 100–102). Notifications without content (T01, T03 …) and cancels (T11) are not taken.
///
/// The referral a note answers is named where referral systems put the order it fulfils: ORC-2
/// (v2.5+ MDM carries the order in an optional ORC/OBR group), OBR-2, then TXA-14 (placer order
/// number, every version). TXA-13 (parent document) names another note, not a referral.
public enum ConsultNoteExtraction {
    /// Triggers with content, by MSH-9.2.
    public static let triggers: Set<String> = ["T02", "T06", "T08", "T10"]

    /// True for the MDM events this reads (MSH-9.1 and .2, upper case).
    public static func reads(code: String, trigger: String) -> Bool {
        code == "MDM" && triggers.contains(trigger)
    }

    public static func extract(_ message: HL7Message) -> Result<ConsultNote, Refusal> {
        let patient: Patient
        switch OrderExtraction.patient(message) {
        case .success(let found): patient = found
        case .failure(let refusal): return .failure(refusal)
        }
        guard let txaSegment = message.firstSegment(withID: "TXA") else {
            return .failure(ResultExtraction.unusable(.segmentSequenceError, "no TXA segment: the message holds no document",
                                                      HL7ErrorLocation(segmentID: "TXA")))
        }
        let txa = TXASegment(txaSegment)
        let orc = message.firstSegment(withID: "ORC").map(ORCSegment.init)
        let obr = message.firstSegment(withID: "OBR").map(OBRSegment.init)
        let documentType = txa.documentType
        let typeCode = documentType.identifier.isEmpty ? documentType.alternateIdentifier : documentType.identifier
        let identifiers: [(value: String, segment: String, field: Int, name: String)] = [
            (orc?.placerOrderNumber ?? "", "ORC", 2, "ORC-2 placer order number"),
            (obr?.placerOrderNumber ?? "", "OBR", 2, "OBR-2 placer order number"),
        ] + txa.placerOrderNumbers.map { ($0, "TXA", 14, "TXA-14 placer order number") } + [
            (txa.uniqueDocumentNumber, "TXA", 12, "TXA-12 unique document number"),
            (typeCode, "TXA", 2, "TXA-2 document type"),
        ]
        for identifier in identifiers where UntrustedText.hasControlCharacters(identifier.value) {
            return .failure(ResultExtraction.controlCharacters(identifier.name, identifier.value,
                                                               HL7ErrorLocation(segmentID: identifier.segment, sequence: 1, field: identifier.field)))
        }
        guard let documentNumber = ResultExtraction.keyNumber(txa.uniqueDocumentNumber) else {
            return .failure(ResultExtraction.unusable(.requiredFieldMissing,
                                                      "no unique document number (TXA-12): a note and its edits are kept together by it",
                                                      HL7ErrorLocation(segmentID: "TXA", sequence: 1, field: 12)))
        }
        var referralIDs: [String] = []
        for candidate in identifiers.prefix(identifiers.count - 2).map(\.value) {
            if let id = ResultExtraction.keyNumber(candidate), !referralIDs.contains(id) { referralIDs.append(id) }
        }
        let header = message.header
        let trigger = header.triggerEvent.uppercased()
        let shown = ResultExtraction.shown
        let provider = obr?.orderingProvider.map { HL7OrderingProvider(person: $0, field: .obr16) }
            .map(ResultExtraction.providerReference)
            ?? orc?.orderingProvider.map { HL7OrderingProvider(person: $0, field: .orc12) }.map(ResultExtraction.providerReference)
            ?? message.firstSegment(withID: "PV1").flatMap { PV1Segment($0).referringDoctor }
            .map { ResultExtraction.providerReference($0, source: .pv1Referring) }
        let typeText = shown(documentType.displayText)
        let document = OrderResult(
            placerNumber: referralIDs.first, fillerNumber: documentNumber, serviceCode: typeCode,
            serviceText: typeText.isEmpty ? "Consult note" : typeText, orderingProvider: provider,
            resultStatus: resultStatus(trigger: trigger, completion: txa.completionStatus),
            observations: message.documentObservations().map(ResultExtraction.observation))
        return .success(ConsultNote(
            sender: SenderID(application: header.sendingApplication.encoded, facility: header.sendingFacility.encoded),
            controlID: header.controlID, version: shown(header.versionID),
            type: "\(header.messageCode.uppercased())^\(trigger)", patient: patient, referralIDs: referralIDs,
            document: document))
    }

    /// The note's status in result terms (table 0123): an edit or replacement (T08, T10) corrects
    /// it (`C`, which reopens a closed review as a corrected result does); an authenticated note, or
    /// one that does not say (TXA-17 `AU`, `LA`, empty), is final (`F`); dictated or in progress is
    /// preliminary (`P`).
    static func resultStatus(trigger: String, completion: String) -> String {
        if trigger == "T08" || trigger == "T10" { return "C" }
        return ["", "AU", "LA"].contains(completion.uppercased()) ? "F" : "P"
    }
}
