/// An ORU^R01 grouped as v2.5.1 defines it:
///
/// ```
/// MSH [SFT…] { PATIENT_RESULT: [PID [PD1] [NTE…] [PV1 …]]
///              { ORDER_OBSERVATION: [ORC] OBR [NTE…] [TQ1…] {OBX [NTE…]} [SPM [OBX…]]… } }
/// ```
///
/// An NTE belongs to the PID, OBR or OBX whose group it follows. Z segments — and other segments
/// this model has no slot for (SFT, NK1, PV2, CTD, FT1, CTI, DSC …) — are kept, in order, in
/// `otherSegments` of the level they appear at: message, patient, order, observation or specimen.
/// A message with orders but no PID gets one PATIENT_RESULT whose `patient` is nil.
public struct ORUStructure: Sendable {
    /// Segments after MSH and before the first PID/ORC/OBR (SFT, Z …).
    public var otherSegments: [HL7Segment]
    /// One per PID (or one without a patient when orders come first).
    public var patientResults: [PatientResultGroup]

    /// Groups `message`'s segments; structural problems are errors with positions.
    public init(_ message: HL7Message) throws(HL7StructureError) {
        var builder = StructureBuilder()
        let storage = message.storage
        for index in 1..<storage.segments.count {
            try builder.add(HL7Segment(storage: storage, index: index))
        }
        try builder.finish()
        (otherSegments, patientResults) = builder.groups()
    }
}

/// PATIENT_RESULT: the patient and the orders reported for them.
public struct PatientResultGroup: Sendable {
    /// PID; nil when the message sends orders without one.
    public var patient: PIDSegment?
    public var pd1: HL7Segment?
    /// NTEs after the PID.
    public var notes: [NTESegment]
    /// PV1 segments.
    public var visits: [HL7Segment]
    /// Z and other segments at patient level.
    public var otherSegments: [HL7Segment]
    public var orders: [OrderObservationGroup]
}

/// ORDER_OBSERVATION: an OBR with its ORC, notes, timing, observations and specimens.
public struct OrderObservationGroup: Sendable {
    public var commonOrder: ORCSegment?
    public var request: OBRSegment
    /// NTEs after the OBR.
    public var notes: [NTESegment]
    /// TQ1 segments.
    public var timing: [TQ1Segment]
    public var observations: [ObservationGroup]
    public var specimens: [SpecimenGroup]
    /// Z and other segments at order level.
    public var otherSegments: [HL7Segment]

    /// OBR-2, else ORC-2; nil when both are empty.
    public var placerOrderNumber: String? {
        request.placerOrderNumber.nilIfEmpty ?? commonOrder?.placerOrderNumber.nilIfEmpty
    }

    /// OBR-3, else ORC-3; nil when both are empty.
    public var fillerOrderNumber: String? {
        request.fillerOrderNumber.nilIfEmpty ?? commonOrder?.fillerOrderNumber.nilIfEmpty
    }

    /// Priority as sent: the first non-empty TQ1-9, else OBR-27.6, else ORC-7.6; nil when none.
    public var priority: String? {
        for tq1 in timing {
            if let priority = tq1.priority.nilIfEmpty { return priority }
        }
        return request.priority.nilIfEmpty ?? commonOrder?.priority.nilIfEmpty
    }

    /// The ordering provider: OBR-16, else ORC-12 (first non-empty repetition); nil when neither.
    public var orderingProvider: HL7OrderingProvider? {
        if let provider = request.orderingProvider { return HL7OrderingProvider(person: provider, field: .obr16) }
        if let provider = commonOrder?.orderingProvider { return HL7OrderingProvider(person: provider, field: .orc12) }
        return nil
    }
}

/// The ordering provider of an order and the field that named it.
public struct HL7OrderingProvider: Sendable {
    public enum Field: String, Sendable, Equatable {
        case obr16 = "OBR-16"
        case orc12 = "ORC-12"
    }

    public var person: HL7ExtendedPerson
    public var field: Field

    public init(person: HL7ExtendedPerson, field: Field) {
        self.person = person
        self.field = field
    }
}

/// OBSERVATION: an OBX and what follows it.
public struct ObservationGroup: Sendable {
    public var observation: OBXSegment
    /// NTEs after the OBX.
    public var notes: [NTESegment]
    /// Z and other segments after the OBX.
    public var otherSegments: [HL7Segment]
}

/// SPECIMEN: an SPM and the OBX segments that describe the specimen (not results).
public struct SpecimenGroup: Sendable {
    public var specimen: HL7Segment
    public var observations: [ObservationGroup]
    public var otherSegments: [HL7Segment]
}

extension HL7Message {
    /// The message grouped as an ORU^R01 (see `ORUStructure`).
    public func oruStructure() throws(HL7StructureError) -> ORUStructure {
        try ORUStructure(self)
    }
}
