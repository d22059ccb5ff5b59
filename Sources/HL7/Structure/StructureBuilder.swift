/// Walks segments in order and places each in the ORU^R01 group it belongs to.
struct StructureBuilder {
    enum Level {
        case message, patient, order, observation, specimen, specimenObservation
    }

    var messageSegments: [HL7Segment] = []
    var patientResults: [PatientResultGroup] = []
    private var level = Level.message
    private var pendingOrder: HL7Segment?
    private var pendingOther: [HL7Segment] = []

    mutating func add(_ segment: HL7Segment) throws(HL7StructureError) {
        let code = segment.code
        if let order = pendingOrder, code != SegmentCode.obr {
            guard segment.isZSegment else { throw HL7StructureError(.orderControlWithoutRequest, order) }
            pendingOther.append(segment)
            return
        }
        switch code {
        case SegmentCode.msh:
            throw HL7StructureError(.secondHeader, segment)
        case SegmentCode.pid:
            patientResults.append(PatientResultGroup(patient: PIDSegment(segment), pd1: nil, notes: [], visits: [],
                                                     otherSegments: [], orders: []))
            level = .patient
        case SegmentCode.pd1, SegmentCode.pv1:
            guard level == .patient, let last = patientResults.indices.last else {
                throw HL7StructureError(.outsidePatient, segment)
            }
            if code == SegmentCode.pv1 {
                patientResults[last].visits.append(segment)
            } else if patientResults[last].pd1 == nil {
                patientResults[last].pd1 = segment
            } else {
                patientResults[last].otherSegments.append(segment)
            }
        case SegmentCode.nte:
            addNote(NTESegment(segment))
        case SegmentCode.orc:
            pendingOrder = segment
        case SegmentCode.obr:
            if patientResults.isEmpty {
                patientResults.append(PatientResultGroup(patient: nil, pd1: nil, notes: [], visits: [],
                                                         otherSegments: [], orders: []))
            }
            let group = OrderObservationGroup(commonOrder: pendingOrder.map(ORCSegment.init), request: OBRSegment(segment),
                                              notes: [], timing: [], observations: [], specimens: [],
                                              otherSegments: pendingOther)
            patientResults[patientResults.count - 1].orders.append(group)
            pendingOrder = nil
            pendingOther = []
            level = .order
        case SegmentCode.obx:
            let observation = ObservationGroup(observation: OBXSegment(segment), notes: [], otherSegments: [])
            switch level {
            case .order, .observation:
                updateOrder { $0.observations.append(observation) }
                level = .observation
            case .specimen, .specimenObservation:
                updateOrder { $0.specimens[$0.specimens.count - 1].observations.append(observation) }
                level = .specimenObservation
            case .message, .patient:
                throw HL7StructureError(.outsideOrder, segment)
            }
        case SegmentCode.tq1, SegmentCode.tq2, SegmentCode.spm, SegmentCode.ctd, SegmentCode.ft1, SegmentCode.cti:
            guard level != .message, level != .patient else { throw HL7StructureError(.outsideOrder, segment) }
            if code == SegmentCode.spm {
                updateOrder { $0.specimens.append(SpecimenGroup(specimen: segment, observations: [], otherSegments: [])) }
                level = .specimen
            } else if code == SegmentCode.tq1 {
                updateOrder { $0.timing.append(TQ1Segment(segment)) }
            } else {
                updateOrder { $0.otherSegments.append(segment) }
            }
        default:
            addOther(segment)
        }
    }

    mutating func finish() throws(HL7StructureError) {
        if let order = pendingOrder { throw HL7StructureError(.orderControlWithoutRequest, order) }
    }

    private mutating func addNote(_ note: NTESegment) {
        switch level {
        case .message:
            messageSegments.append(note.segment)
        case .patient:
            patientResults[patientResults.count - 1].notes.append(note)
        case .order:
            updateOrder { $0.notes.append(note) }
        case .observation:
            updateOrder { $0.observations[$0.observations.count - 1].notes.append(note) }
        case .specimen:
            updateOrder { $0.specimens[$0.specimens.count - 1].otherSegments.append(note.segment) }
        case .specimenObservation:
            updateOrder { order in
                let specimen = order.specimens.count - 1
                order.specimens[specimen].observations[order.specimens[specimen].observations.count - 1].notes.append(note)
            }
        }
    }

    private mutating func addOther(_ segment: HL7Segment) {
        switch level {
        case .message:
            messageSegments.append(segment)
        case .patient:
            patientResults[patientResults.count - 1].otherSegments.append(segment)
        case .order:
            updateOrder { $0.otherSegments.append(segment) }
        case .observation:
            updateOrder { $0.observations[$0.observations.count - 1].otherSegments.append(segment) }
        case .specimen:
            updateOrder { $0.specimens[$0.specimens.count - 1].otherSegments.append(segment) }
        case .specimenObservation:
            updateOrder { order in
                let specimen = order.specimens.count - 1
                order.specimens[specimen].observations[order.specimens[specimen].observations.count - 1].otherSegments.append(segment)
            }
        }
    }

    /// Applies `change` to the current order; callers only reach here at order level or below.
    private mutating func updateOrder(_ change: (inout OrderObservationGroup) -> Void) {
        let patient = patientResults.count - 1
        change(&patientResults[patient].orders[patientResults[patient].orders.count - 1])
    }
}
