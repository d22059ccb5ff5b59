import HL7

/// Turns a parsed ORU^R01 into what CareQueue stores, or says why it is unusable (AE + ERR 100–103).
///
/// Identity fields — PID-3's MRN, the order numbers OBR-2/OBR-3 (or ORC-2/ORC-3) and OBR-4's code —
/// key tasks and patients, so they must be whole: one holding a control character is refused
/// (AE 102) rather than stored in a form some layer could cut short. Every other text field keeps
/// its characters, with control characters shown as `<0xNN>` (see `UntrustedText.visible`).
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
        var occurrences = SegmentOccurrences()
        for group in structure.patientResults {
            guard let pid = group.patient else {
                return .failure(unusable(.segmentSequenceError, "results without a PID segment", HL7ErrorLocation(segmentID: "PID")))
            }
            let pidOccurrence = occurrences.next("PID")
            let mrnLocation = HL7ErrorLocation(segmentID: "PID", sequence: pidOccurrence, field: 3)
            guard let mrn = pid.mrn, !UntrustedText.isBlank(mrn) else {
                return .failure(unusable(.requiredFieldMissing, "no medical record number in PID-3 (CX.5 = MR)", mrnLocation))
            }
            if UntrustedText.hasControlCharacters(mrn) {
                return .failure(controlCharacters("PID-3 medical record number", mrn, mrnLocation))
            }
            guard !group.orders.isEmpty else {
                return .failure(unusable(.segmentSequenceError, "no OBR segment: the message reports no order",
                                         HL7ErrorLocation(segmentID: "OBR")))
            }
            var orders: [OrderResult] = []
            for order in group.orders {
                switch orderResult(order, occurrences: &occurrences) {
                case .success(let result): orders.append(result)
                case .failure(let refusal): return .failure(refusal)
                }
            }
            let patient = Patient(mrn: mrn, family: shown(pid.family), given: shown(pid.given),
                                  dob: pid.dateOfBirth.isEmpty ? nil : shown(pid.dateOfBirth),
                                  phone: pid.phone.map(shown))
            patientResults.append(PatientResult(patient: patient, orders: orders))
        }
        guard !patientResults.isEmpty else {
            return .failure(unusable(.segmentSequenceError, "no PID segment: the message names no patient", HL7ErrorLocation(segmentID: "PID")))
        }
        let header = message.header
        return .success(ResultMessage(
            sender: SenderID(application: header.sendingApplication.encoded, facility: header.sendingFacility.encoded),
            controlID: header.controlID, version: shown(header.versionID), patientResults: patientResults))
    }

    /// Counts segments of each id as they are met, for ERR-2's sequence.
    struct SegmentOccurrences {
        private var counts: [String: Int] = [:]

        mutating func next(_ id: String) -> Int {
            counts[id, default: 0] += 1
            return counts[id]!
        }
    }

    static func orderResult(_ order: OrderObservationGroup, occurrences: inout SegmentOccurrences) -> Result<OrderResult, Refusal> {
        let obr = occurrences.next("OBR")
        let orc = order.commonOrder == nil ? nil : occurrences.next("ORC")
        let service = order.request.service
        let serviceCode = service.identifier.isEmpty ? service.alternateIdentifier : service.identifier
        guard !UntrustedText.isBlank(serviceCode) || !UntrustedText.isBlank(service.text) else {
            return .failure(unusable(.requiredFieldMissing, "OBR-4 universal service identifier is empty",
                                     HL7ErrorLocation(segmentID: "OBR", sequence: obr, field: 4)))
        }
        // The order numbers as the task key sees them: OBR's own, else ORC's; blank is absent.
        let numbers: [(value: String, segment: String, sequence: Int?, field: Int, name: String)] = [
            (order.request.placerOrderNumber, "OBR", obr, 2, "OBR-2 placer order number"),
            (order.request.fillerOrderNumber, "OBR", obr, 3, "OBR-3 filler order number"),
            (order.commonOrder?.placerOrderNumber ?? "", "ORC", orc, 2, "ORC-2 placer order number"),
            (order.commonOrder?.fillerOrderNumber ?? "", "ORC", orc, 3, "ORC-3 filler order number"),
            (serviceCode, "OBR", obr, 4, "OBR-4 service code"),
        ]
        for number in numbers where UntrustedText.hasControlCharacters(number.value) {
            return .failure(controlCharacters(number.name, number.value,
                                              HL7ErrorLocation(segmentID: number.segment, sequence: number.sequence, field: number.field)))
        }
        let placer = keyNumber(order.request.placerOrderNumber) ?? keyNumber(order.commonOrder?.placerOrderNumber)
        let filler = keyNumber(order.request.fillerOrderNumber) ?? keyNumber(order.commonOrder?.fillerOrderNumber)
        guard placer != nil || filler != nil else {
            return .failure(unusable(.requiredFieldMissing, "no filler (OBR-3) or placer (OBR-2) order number",
                                     HL7ErrorLocation(segmentID: "OBR", sequence: obr, field: 3)))
        }
        // Specimen OBX describe the sample, but labs do put results there; keep them visible.
        // Groups are read in place by index rather than copied (with their references) into a joined array.
        var observations: [Observation] = []
        observations.reserveCapacity(order.observations.count)
        for index in order.observations.indices { observations.append(observation(order.observations[index])) }
        for specimen in order.specimens.indices {
            for index in order.specimens[specimen].observations.indices {
                observations.append(observation(order.specimens[specimen].observations[index]))
            }
        }
        return .success(OrderResult(
            placerNumber: placer, fillerNumber: filler, serviceCode: serviceCode, serviceText: shown(service.displayText),
            orderingProvider: order.orderingProvider.map(providerReference),
            resultStatus: shown(order.request.resultStatus), priority: order.priority.map(shown),
            observations: observations, notes: order.notes.map { shown($0.comment) }))
    }

    /// An order number usable as a key, nil when absent or blank.
    static func keyNumber(_ value: String?) -> String? {
        guard let value, !UntrustedText.isBlank(value) else { return nil }
        return value
    }

    /// The provider as named; the id is kept as sent so routing can say why it cannot be used.
    static func providerReference(_ provider: HL7OrderingProvider) -> ProviderReference {
        providerReference(provider.person, source: provider.field == .obr16 ? .obr16 : .orc12)
    }

    static func providerReference(_ person: HL7ExtendedPerson, source: ProviderField) -> ProviderReference {
        ProviderReference(id: person.id, idType: shown(person.identifierTypeCode), family: shown(person.family),
                          given: shown(person.given), isNPI: person.isNPI, source: source)
    }

    static func observation(_ group: ObservationGroup) -> Observation {
        let obx = group.observation
        let identifier = obx.identifier
        let code = identifier.identifier
        // Flags rarely hold control characters: keep the array as read rather than mapping it anew.
        let flags = obx.abnormalFlags
        return Observation(code: shown(code.isEmpty ? identifier.alternateIdentifier : code),
                           text: shown(identifier.displayText), valueType: shown(obx.valueType), value: shown(obx.displayValue),
                           units: shown(obx.units), range: shown(obx.referenceRange),
                           flags: flags.contains(where: UntrustedText.hasControlCharacters) ? flags.map(shown) : flags,
                           status: shown(obx.resultStatus), notes: group.notes.map { shown($0.comment) })
    }

    /// A text field as CareQueue keeps it: every character, controls shown as `<0xNN>`, layout kept.
    static func shown(_ text: String) -> String {
        UntrustedText.visible(text, keepingLayout: true)
    }

    static func controlCharacters(_ name: String, _ value: String, _ location: HL7ErrorLocation) -> Refusal {
        // The value itself is patient data (an MRN); the reason names the field and what is wrong only.
        let count = value.unicodeScalars.filter(UntrustedText.isControl).count
        return unusable(.dataTypeError, "\(name) contains \(count) control character\(count == 1 ? "" : "s"); identifiers must be whole and printable", location)
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
