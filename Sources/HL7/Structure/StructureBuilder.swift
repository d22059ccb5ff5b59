/// Walks segments in order and places each in the ORU^R01 group it belongs to.
///
/// The open groups are kept in locals and moved into their parent when a sibling starts, so each
/// segment costs an append or two, not a walk down nested arrays.
struct StructureBuilder {
    private(set) var messageSegments: [HL7Segment] = []
    private(set) var patientResults: [PatientResultGroup] = []

    private var patient: PatientResultGroup?
    private var order: OrderObservationGroup?
    private var observation: ObservationGroup?
    private var specimen: SpecimenGroup?
    private var pendingOrder: HL7Segment?
    private var pendingOther: [HL7Segment] = []

    mutating func add(_ segment: consuming HL7Segment) throws(HL7StructureError) {
        let code = segment.code
        if let orderControl = pendingOrder, code != SegmentCode.obr {
            guard segment.isZSegment else { throw HL7StructureError(.orderControlWithoutRequest, orderControl) }
            pendingOther.append(segment)
            return
        }
        switch code {
        case SegmentCode.msh:
            throw HL7StructureError(.secondHeader, segment)
        case SegmentCode.pid:
            closePatient()
            patient = PatientResultGroup(patient: PIDSegment(segment))
        case SegmentCode.pd1, SegmentCode.pv1:
            guard order == nil, patient?.patient != nil else { throw HL7StructureError(.outsidePatient, segment) }
            if code == SegmentCode.pv1 {
                patient?.visits.append(segment)
            } else if patient?.pd1 == nil {
                patient?.pd1 = segment
            } else {
                patient?.otherSegments.append(segment)
            }
        case SegmentCode.nte:
            addNote(NTESegment(segment))
        case SegmentCode.orc:
            pendingOrder = segment
        case SegmentCode.obr:
            closeOrder()
            if patient == nil { patient = PatientResultGroup(patient: nil) }
            let observationCount = Self.observationCount(after: segment)
            order = OrderObservationGroup(commonOrder: pendingOrder.take().map(ORCSegment.init), request: OBRSegment(segment),
                                          otherSegments: pendingOther)
            order?.observations.reserveCapacity(observationCount)
            pendingOther = []
        case SegmentCode.obx:
            guard order != nil else { throw HL7StructureError(.outsideOrder, segment) }
            closeObservation()
            observation = ObservationGroup(observation: OBXSegment(segment))
        case SegmentCode.tq1, SegmentCode.tq2, SegmentCode.spm, SegmentCode.ctd, SegmentCode.ft1, SegmentCode.cti:
            guard order != nil else { throw HL7StructureError(.outsideOrder, segment) }
            closeObservation()
            if code == SegmentCode.spm {
                closeSpecimen()
                specimen = SpecimenGroup(specimen: segment)
            } else if code == SegmentCode.tq1 {
                order?.timing.append(TQ1Segment(segment))
            } else {
                order?.otherSegments.append(segment)
            }
        default:
            addOther(segment)
        }
    }

    mutating func finish() throws(HL7StructureError) {
        if let orderControl = pendingOrder { throw HL7StructureError(.orderControlWithoutRequest, orderControl) }
        closePatient()
    }

    /// What `finish` grouped: the message-level segments and the patient results, moved out.
    consuming func groups() -> ([HL7Segment], [PatientResultGroup]) {
        (messageSegments, patientResults)
    }

    /// How many OBX follow this OBR before the next order, patient or specimen (sizes the array once).
    private static func observationCount(after request: HL7Segment) -> Int {
        let records = request.storage.segments
        var count = 0
        for index in (request.index + 1)..<records.count {
            switch records[index].code {
            case SegmentCode.obx: count += 1
            case SegmentCode.obr, SegmentCode.orc, SegmentCode.pid, SegmentCode.spm: return count
            default: continue
            }
        }
        return count
    }

    // MARK: Attaching to the open group

    private mutating func addNote(_ note: NTESegment) {
        if observation != nil {
            observation?.notes.append(note)
        } else if specimen != nil {
            specimen?.otherSegments.append(note.segment)
        } else if order != nil {
            order?.notes.append(note)
        } else if patient?.patient != nil {
            patient?.notes.append(note)
        } else {
            messageSegments.append(note.segment)
        }
    }

    private mutating func addOther(_ segment: HL7Segment) {
        if observation != nil {
            observation?.otherSegments.append(segment)
        } else if specimen != nil {
            specimen?.otherSegments.append(segment)
        } else if order != nil {
            order?.otherSegments.append(segment)
        } else if patient != nil {
            patient?.otherSegments.append(segment)
        } else {
            messageSegments.append(segment)
        }
    }

    // MARK: Closing groups into their parents

    // Each close moves the open group into its parent (`take()`): no copy, no reference counting.

    private mutating func closeObservation() {
        guard let done = observation.take() else { return }
        if specimen != nil {
            specimen?.observations.append(done)
        } else {
            order?.observations.append(done)
        }
    }

    private mutating func closeSpecimen() {
        closeObservation()
        guard let done = specimen.take() else { return }
        order?.specimens.append(done)
    }

    private mutating func closeOrder() {
        closeSpecimen()
        guard let done = order.take() else { return }
        patient?.orders.append(done)
    }

    private mutating func closePatient() {
        closeOrder()
        guard let done = patient.take() else { return }
        patientResults.append(done)
    }
}

extension PatientResultGroup {
    init(patient: PIDSegment?) {
        self.init(patient: patient, pd1: nil, notes: [], visits: [], otherSegments: [], orders: [])
    }
}

extension OrderObservationGroup {
    init(commonOrder: ORCSegment?, request: OBRSegment, otherSegments: [HL7Segment]) {
        self.init(commonOrder: commonOrder, request: request, notes: [], timing: [], observations: [], specimens: [],
                  otherSegments: otherSegments)
    }
}

extension ObservationGroup {
    init(observation: OBXSegment) {
        self.init(observation: observation, notes: [], otherSegments: [])
    }
}

extension SpecimenGroup {
    init(specimen: HL7Segment) {
        self.init(specimen: specimen, observations: [], otherSegments: [])
    }
}
