import Foundation
import HL7

/// Everything a caller might read from a parsed message, read once: any trap is a finding.
func walk(_ message: HL7Message) {
    _ = (message.delimiters, message.charset, message.warnings)
    for segment in message.segments {
        _ = (segment.id, segment.isZSegment, segment.line, segment.byteOffset, segment.bytes, segment.terminator)
        for number in -1...(segment.fieldCount + 2) {
            let field = segment[number]
            _ = (field.text, field.raw, field.styledText, field.isNull, field.isEmpty, field.bytes)
            for repetition in field.repetitions {
                for component in repetition.components {
                    _ = component.subcomponents.map(\.text)
                }
            }
            _ = field.repetition(2).component(3).subcomponent(2).raw
            _ = field.component(0).text
        }
    }
    let header = message.header
    _ = [header.sendingApplication.encoded, header.sendingApplication.namespaceID, header.sendingFacility.universalID,
         header.receivingApplication.universalIDType, header.dateTime, header.messageCode, header.triggerEvent,
         header.messageStructure, header.controlID, header.processingID, header.versionID,
         header.acceptAcknowledgmentType, header.applicationAcknowledgmentType, header.characterSet]
    _ = header.version?.description
    _ = message.ackPolicy.shouldSend(for: .accepted)
    if let structure = try? message.oruStructure() {
        walk(structure)
    }
}

private func walk(_ structure: ORUStructure) {
    for result in structure.patientResults {
        if let pid = result.patient {
            _ = [pid.mrn ?? "", pid.family, pid.given, pid.dateOfBirth, pid.dateOfBirthISO ?? "", pid.sex, pid.phone ?? ""]
            _ = pid.identifiers.map { [$0.id, $0.checkDigit, $0.identifierTypeCode, $0.assigningAuthority.encoded] }
        }
        _ = result.notes.map(\.comment)
        for order in result.orders {
            let request = order.request
            _ = [order.priority ?? "", order.fillerOrderNumber ?? "", order.placerOrderNumber ?? "",
                 request.service.displayText, request.service.alternateIdentifier, request.resultStatus,
                 request.parentObservationCode, request.parentFillerNumber, request.observationDateTime]
            _ = order.commonOrder.map { [$0.orderControl, $0.placerOrderNumber, $0.priority] }
            _ = order.orderingProvider.map { [$0.person.id, $0.person.family, $0.person.given, $0.person.identifierTypeCode, "\($0.person.isNPI)"] }
            _ = order.timing.map(\.priority)
            _ = order.notes.map(\.comment)
            for group in order.observations + order.specimens.flatMap(\.observations) {
                let observation = group.observation
                _ = [observation.displayValue, observation.units, observation.referenceRange, observation.valueType,
                     observation.identifier.displayText, observation.resultStatus, observation.subID]
                _ = observation.abnormalFlags
                _ = observation.values.map(\.styledText)
                _ = group.notes.map(\.comment)
            }
        }
    }
}

/// Builds an AA and an AE for `message`: both must parse, and MSA-2 must hold MSH-10's bytes as
/// sent, less the line breaks of a wrapped MSH (an ACK field never holds a segment terminator).
func checkAcknowledgments(_ message: HL7Message) {
    let builder = HL7AckBuilder(idGenerator: FixedControlID(), timeZone: TimeZone(secondsFromGMT: 0)!)
    let epoch = Date(timeIntervalSince1970: 0)
    let error = HL7AckError(code: .requiredFieldMissing)
    for outcome in [HL7AckOutcome.accepted, .error(error)] {
        let ack = builder.acknowledgment(for: message, outcome: outcome, at: epoch)
        guard let parsed = try? HL7Parser.parse(ack) else {
            fatalError("hl7: the ACK for a message that parsed does not parse")
        }
        let sent = message.header.segment[10].bytes.filter { $0 != 0x0D && $0 != 0x0A }
        guard let msa = parsed.firstSegment(withID: "MSA"), Array(msa[2].bytes) == sent else {
            fatalError("hl7: the ACK's MSA-2 does not echo MSH-10")
        }
    }
}

private struct FixedControlID: HL7ControlIDGenerator {
    func next() -> String { "FUZZ" }
}
