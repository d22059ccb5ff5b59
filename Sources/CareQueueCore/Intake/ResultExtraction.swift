import HL7

/// Turns a parsed ORU^R01 into what CareQueue stores, or says why it is unusable (AE + ERR 100–103).
public enum ResultExtraction {
    /// The results in `message`, or the refusal for the review list. Checks only content, not the
    /// header's type/version/processing id (see the listener's intake).
    public static func extract(_ message: HL7Message) -> Result<ResultMessage, Refusal> {
        let structure: ORUStructure
        do {
            structure = try message.oruStructure()
        } catch {
            return .failure(unusable(.segmentSequenceError, error.description, error.errorLocation))
        }
        var patientResults: [PatientResult] = []
        var orderOccurrence = 0
        var pidOccurrence = 0
        for group in structure.patientResults {
            guard let pid = group.patient else {
                return .failure(unusable(.segmentSequenceError, "results without a PID segment", HL7ErrorLocation(segmentID: "PID")))
            }
            pidOccurrence += 1
            guard let mrn = pid.mrn else {
                return .failure(unusable(.requiredFieldMissing, "no medical record number in PID-3 (CX.5 = MR)",
                                         HL7ErrorLocation(segmentID: "PID", sequence: pidOccurrence, field: 3)))
            }
            guard !group.orders.isEmpty else {
                return .failure(unusable(.segmentSequenceError, "no OBR segment: the message reports no order",
                                         HL7ErrorLocation(segmentID: "OBR")))
            }
            var orders: [OrderResult] = []
            for order in group.orders {
                orderOccurrence += 1
                let service = order.request.service
                guard !service.identifier.isEmpty || !service.text.isEmpty else {
                    return .failure(unusable(.requiredFieldMissing, "OBR-4 universal service identifier is empty",
                                             HL7ErrorLocation(segmentID: "OBR", sequence: orderOccurrence, field: 4)))
                }
                guard order.fillerOrderNumber != nil || order.placerOrderNumber != nil else {
                    return .failure(unusable(.requiredFieldMissing, "no filler (OBR-3) or placer (OBR-2) order number",
                                             HL7ErrorLocation(segmentID: "OBR", sequence: orderOccurrence, field: 3)))
                }
                orders.append(orderResult(order))
            }
            let patient = Patient(mrn: mrn, family: pid.family, given: pid.given,
                                  dob: pid.dateOfBirth.isEmpty ? nil : pid.dateOfBirth, phone: pid.phone)
            patientResults.append(PatientResult(patient: patient, orders: orders))
        }
        guard !patientResults.isEmpty else {
            return .failure(unusable(.segmentSequenceError, "no PID segment: the message names no patient", HL7ErrorLocation(segmentID: "PID")))
        }
        let header = message.header
        return .success(ResultMessage(
            sender: SenderID(application: header.sendingApplication.encoded, facility: header.sendingFacility.encoded),
            controlID: header.controlID, version: header.versionID, patientResults: patientResults))
    }

    static func orderResult(_ order: OrderObservationGroup) -> OrderResult {
        let service = order.request.service
        // Specimen OBX describe the sample, but labs do put results there; keep them visible.
        let groups = order.observations + order.specimens.flatMap(\.observations)
        return OrderResult(
            placerNumber: order.placerOrderNumber, fillerNumber: order.fillerOrderNumber,
            serviceCode: service.identifier.isEmpty ? service.alternateIdentifier : service.identifier,
            serviceText: service.displayText,
            orderingProvider: order.orderingProvider.map(providerReference),
            resultStatus: order.request.resultStatus, priority: order.priority,
            observations: groups.map(observation), notes: order.notes.map(\.comment))
    }

    static func providerReference(_ provider: HL7OrderingProvider) -> ProviderReference {
        let person = provider.person
        return ProviderReference(id: person.id, idType: person.identifierTypeCode, family: person.family,
                                 given: person.given, isNPI: person.isNPI,
                                 source: provider.field == .obr16 ? .obr16 : .orc12)
    }

    static func observation(_ group: ObservationGroup) -> Observation {
        let obx = group.observation
        let identifier = obx.identifier
        return Observation(code: identifier.identifier.isEmpty ? identifier.alternateIdentifier : identifier.identifier,
                           text: identifier.displayText, valueType: obx.valueType, value: obx.displayValue,
                           units: obx.units, range: obx.referenceRange, flags: obx.abnormalFlags,
                           status: obx.resultStatus, notes: group.notes.map(\.comment))
    }

    static func unusable(_ code: HL7ErrorCode, _ reason: String, _ location: HL7ErrorLocation) -> Refusal {
        Refusal(kind: .error, code: code, reason: reason, location: erl(location))
    }

    /// `SEG^seq^field…` as stored with a refusal, trailing empty parts dropped.
    public static func erl(_ location: HL7ErrorLocation) -> String {
        var parts = [location.segmentID] + [location.sequence, location.field, location.repetition,
                                            location.component, location.subcomponent].map { $0.map(String.init) ?? "" }
        while parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts.joined(separator: "^")
    }
}
