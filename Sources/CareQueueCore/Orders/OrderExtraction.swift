import Foundation
import HL7

/// Turns a parsed ORM^O01, OML^O21 or REF^I12–I14 into what CareQueue tracks, or says why it cannot
/// be tracked (AE + ERR 100–103), with the same rules for identifiers as results: the MRN and the
/// order numbers must be whole and printable.
public enum OrderExtraction {
    /// The message types this reads, by MSH-9.1 and .2 (upper case).
    public static func kind(code: String, trigger: String) -> OrderMessage.Kind? {
        switch (code, trigger) {
        case ("ORM", "O01"), ("OML", "O21"): return .order
        case ("REF", "I12"), ("REF", "I13"), ("REF", "I14"): return .referral
        default: return nil
        }
    }

    public static func extract(_ message: HL7Message, kind: OrderMessage.Kind,
                               timeZone: TimeZone = .current) -> Result<OrderMessage, Refusal> {
        let patient: Patient
        switch self.patient(message) {
        case .success(let found): patient = found
        case .failure(let refusal): return .failure(refusal)
        }
        let shown = ResultExtraction.shown
        let header = message.header
        let items: Result<[OrderItem], Refusal>
        switch kind {
        case .order: items = orders(message, timeZone: timeZone)
        case .referral: items = referral(message, trigger: header.triggerEvent.uppercased(), timeZone: timeZone).map { [$0] }
        }
        return items.map { items in
            OrderMessage(kind: kind, sender: SenderID(application: header.sendingApplication.encoded,
                                                      facility: header.sendingFacility.encoded),
                         controlID: header.controlID, version: shown(header.versionID),
                         type: "\(header.messageCode.uppercased())^\(header.triggerEvent.uppercased())",
                         patient: patient, items: items)
        }
    }

    /// The one patient (first PID) an order, referral or document is about, with a whole, printable MRN.
    static func patient(_ message: HL7Message) -> Result<Patient, Refusal> {
        guard let pidSegment = message.firstSegment(withID: "PID") else {
            return .failure(ResultExtraction.unusable(.segmentSequenceError, "no PID segment: the message names no patient",
                                                      HL7ErrorLocation(segmentID: "PID")))
        }
        let pid = PIDSegment(pidSegment)
        let mrnLocation = HL7ErrorLocation(segmentID: "PID", sequence: 1, field: 3)
        guard let mrn = pid.mrn, !UntrustedText.isBlank(mrn) else {
            return .failure(ResultExtraction.unusable(.requiredFieldMissing, "no medical record number in PID-3 (CX.5 = MR)", mrnLocation))
        }
        if UntrustedText.hasControlCharacters(mrn) {
            return .failure(ResultExtraction.controlCharacters("PID-3 medical record number", mrn, mrnLocation))
        }
        let shown = ResultExtraction.shown
        return .success(Patient(mrn: mrn, family: shown(pid.family), given: shown(pid.given),
                                dob: pid.dateOfBirth.isEmpty ? nil : shown(pid.dateOfBirth), phone: pid.phone.map(shown)))
    }

    /// Each ORC with the OBR and TQ1 that follow it (an OBR without its own ORC shares the last one).
    static func orders(_ message: HL7Message, timeZone: TimeZone) -> Result<[OrderItem], Refusal> {
        var groups: [(orc: ORCSegment, orcSequence: Int, obr: OBRSegment?, obrSequence: Int, tq1: TQ1Segment?)] = []
        var orcs = 0
        var obrs = 0
        for segment in message.segments {
            switch segment.id {
            case "ORC":
                orcs += 1
                groups.append((ORCSegment(segment), orcs, nil, 0, nil))
            case "OBR":
                obrs += 1
                guard let last = groups.last else { continue }
                if last.obr == nil {
                    groups[groups.count - 1].obr = OBRSegment(segment)
                    groups[groups.count - 1].obrSequence = obrs
                } else {
                    groups.append((last.orc, last.orcSequence, OBRSegment(segment), obrs, nil))
                }
            case "TQ1":
                if !groups.isEmpty, groups[groups.count - 1].tq1 == nil { groups[groups.count - 1].tq1 = TQ1Segment(segment) }
            default:
                continue
            }
        }
        guard !groups.isEmpty else {
            return .failure(ResultExtraction.unusable(.segmentSequenceError, "no ORC segment: the message places no order",
                                                      HL7ErrorLocation(segmentID: "ORC")))
        }
        var items: [OrderItem] = []
        for group in groups {
            switch item(orc: group.orc, orcSequence: group.orcSequence, obr: group.obr, obrSequence: group.obrSequence,
                        tq1: group.tq1, timeZone: timeZone) {
            case .success(let item): items.append(item)
            case .failure(let refusal): return .failure(refusal)
            }
        }
        return .success(items)
    }

    static func item(orc: ORCSegment, orcSequence: Int, obr: OBRSegment?, obrSequence: Int, tq1: TQ1Segment?,
                     timeZone: TimeZone) -> Result<OrderItem, Refusal> {
        let control = orc.orderControl.uppercased()
        let action: OrderItem.Action
        switch control {
        case "NW": action = .create
        case "XO": action = .change
        case "CA", "OC", "DC": action = .cancel
        default:
            return .failure(ResultExtraction.unusable(.tableValueNotFound,
                                                      "order control \(FrameIntake.quoted(control)) is not tracked (CareQueue takes NW, XO, CA, OC and DC)",
                                                      HL7ErrorLocation(segmentID: "ORC", sequence: orcSequence, field: 1)))
        }
        let numbers: [(value: String, segment: String, sequence: Int, field: Int, name: String)] = [
            (orc.placerOrderNumber, "ORC", orcSequence, 2, "ORC-2 placer order number"),
            (orc.fillerOrderNumber, "ORC", orcSequence, 3, "ORC-3 filler order number"),
            (obr?.placerOrderNumber ?? "", "OBR", obrSequence, 2, "OBR-2 placer order number"),
            (obr?.fillerOrderNumber ?? "", "OBR", obrSequence, 3, "OBR-3 filler order number"),
        ]
        for number in numbers where UntrustedText.hasControlCharacters(number.value) {
            return .failure(ResultExtraction.controlCharacters(number.name, number.value,
                                                               HL7ErrorLocation(segmentID: number.segment, sequence: number.sequence, field: number.field)))
        }
        guard let placer = ResultExtraction.keyNumber(orc.placerOrderNumber) ?? ResultExtraction.keyNumber(obr?.placerOrderNumber) else {
            return .failure(ResultExtraction.unusable(.requiredFieldMissing,
                                                      "no placer order number (ORC-2 or OBR-2): an order is matched to its result by it",
                                                      HL7ErrorLocation(segmentID: "ORC", sequence: orcSequence, field: 2)))
        }
        let service = obr?.service
        let serviceCode = service.map { $0.identifier.isEmpty ? $0.alternateIdentifier : $0.identifier } ?? ""
        if action != .cancel, UntrustedText.isBlank(serviceCode), UntrustedText.isBlank(service?.text ?? "") {
            return .failure(ResultExtraction.unusable(.requiredFieldMissing, "OBR-4 universal service identifier is empty: what was ordered?",
                                                      HL7ErrorLocation(segmentID: "OBR", sequence: max(obrSequence, 1), field: 4)))
        }
        if UntrustedText.hasControlCharacters(serviceCode) {
            return .failure(ResultExtraction.controlCharacters("OBR-4 service code", serviceCode,
                                                               HL7ErrorLocation(segmentID: "OBR", sequence: obrSequence, field: 4)))
        }
        // As for results: OBR-16, else ORC-12.
        let ordering = obr?.orderingProvider.map { HL7OrderingProvider(person: $0, field: .obr16) }
            ?? orc.orderingProvider.map { HL7OrderingProvider(person: $0, field: .orc12) }
        let priority = [tq1?.priority, obr?.priority, orc.priority].compactMap { $0 }.first { !$0.isEmpty }
        let placed = [orc.transactionDateTime, obr?.requestedDateTime ?? ""].first { !$0.isEmpty }
        return .success(OrderItem(
            action: action, control: control, placerNumber: placer,
            fillerNumber: ResultExtraction.keyNumber(orc.fillerOrderNumber) ?? ResultExtraction.keyNumber(obr?.fillerOrderNumber),
            serviceCode: serviceCode, serviceText: ResultExtraction.shown(service?.displayText ?? ""),
            orderingProvider: ordering.map(ResultExtraction.providerReference), priority: priority.map(ResultExtraction.shown),
            orderedAt: placed.flatMap { HL7Timestamp.parse($0, defaultTimeZone: timeZone) }))
    }

    /// RF1 and its PRD segments: the referral id, the reason, who refers and to whom.
    static func referral(_ message: HL7Message, trigger: String, timeZone: TimeZone) -> Result<OrderItem, Refusal> {
        guard let rf1Segment = message.firstSegment(withID: "RF1") else {
            return .failure(ResultExtraction.unusable(.segmentSequenceError, "no RF1 segment: the message holds no referral",
                                                      HL7ErrorLocation(segmentID: "RF1")))
        }
        let rf1 = RF1Segment(rf1Segment)
        let location = HL7ErrorLocation(segmentID: "RF1", sequence: 1, field: rf1.referralIDField)
        guard let id = ResultExtraction.keyNumber(rf1.referralID) else {
            return .failure(ResultExtraction.unusable(.requiredFieldMissing,
                                                      "no referral identifier (RF1-6 or RF1-11): a consult note is matched to its referral by it",
                                                      location))
        }
        if UntrustedText.hasControlCharacters(id) {
            return .failure(ResultExtraction.controlCharacters("RF1 referral identifier", id, location))
        }
        let providers = message.segments(withID: "PRD").map(PRDSegment.init)
        let referring = providers.first { $0.role.uppercased() == "RP" }
        let referredTo = providers.first { ["RT", "CP"].contains($0.role.uppercased()) }
        let reason = rf1.reason
        // The reason's code stands in the key's test column: whole and printable, as a test code must be.
        if UntrustedText.hasControlCharacters(reason.identifier) {
            return .failure(ResultExtraction.controlCharacters("RF1 referral reason code", reason.identifier,
                                                               HL7ErrorLocation(segmentID: "RF1", sequence: 1, field: rf1.reasonField)))
        }
        let action: OrderItem.Action = trigger == "I14" ? .cancel : trigger == "I13" ? .change : .create
        return .success(OrderItem(
            action: action, control: "REF^\(trigger)", placerNumber: id,
            serviceCode: reason.identifier, serviceText: ResultExtraction.shown(reason.displayText),
            orderingProvider: referring.map(providerReference), referredTo: referredTo.map(described),
            orderedAt: HL7Timestamp.parse(rf1.effectiveDate, defaultTimeZone: timeZone)))
    }

    static func providerReference(_ provider: PRDSegment) -> ProviderReference {
        let isNPI = provider.identifierType.uppercased() == "NPI" || NPICheck.isValid(provider.identifier)
        return ProviderReference(id: provider.identifier, idType: ResultExtraction.shown(provider.identifierType),
                                 family: ResultExtraction.shown(provider.family), given: ResultExtraction.shown(provider.given),
                                 isNPI: isNPI, source: .orc12)
    }

    /// "Ng, Lee (NPI 1234567893)" — how a referral names its specialist.
    static func described(_ provider: PRDSegment) -> String {
        let name = [provider.family, provider.given].filter { !$0.isEmpty }.joined(separator: ", ")
        let id = provider.identifier.isEmpty ? "" : " (\(provider.identifierType.isEmpty ? "id" : provider.identifierType) \(provider.identifier))"
        return ResultExtraction.shown(name.isEmpty ? provider.identifier : name + id)
    }
}
