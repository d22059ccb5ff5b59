/// TXA, transcription document header (MDM^T02 and its edits), with decoded accessors.
public struct TXASegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// TXA-2 document type (table 0270: `CN` consultation, `DS` discharge summary …; CWE from v2.6).
    public var documentType: HL7CodedElement { HL7CodedElement(segment[2]) }
    /// TXA-5 primary activity provider, first repetition: usually the author.
    public var primaryActivityProvider: HL7ExtendedPerson? {
        segment[5].repetitionList.lazy.map(HL7ExtendedPerson.init).first { !$0.isEmpty }
    }
    /// TXA-6 origination date/time, as sent.
    public var originationDateTime: String { segment.text(6, 1) }
    /// TXA-12.1 unique document number (required by the standard).
    public var uniqueDocumentNumber: String { segment.text(12, 1) }
    /// TXA-13.1 parent document number (the note an addendum or replacement belongs to).
    public var parentDocumentNumber: String { segment.text(13, 1) }
    /// TXA-14 placer order numbers, each repetition's entity identifier: the order (or referral)
    /// the document answers.
    public var placerOrderNumbers: [String] { segment[14].repetitions.map { $0.text(component: 1) } }
    /// TXA-17 document completion status (table 0271: `AU` authenticated, `LA` legally
    /// authenticated, `DI` dictated, `IP` in progress …).
    public var completionStatus: String { segment.text(17, 1) }
}

/// PV1, patient visit: only the field a document's routing reads.
public struct PV1Segment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// PV1-8 referring doctor, first repetition, nil when empty.
    public var referringDoctor: HL7ExtendedPerson? {
        segment[8].repetitionList.lazy.map(HL7ExtendedPerson.init).first { !$0.isEmpty }
    }
}

extension HL7Message {
    /// The document's body: each OBX with the NTEs that follow it (MDM^T02's OBSERVATION group).
    public func documentObservations() -> [ObservationGroup] {
        var groups: [ObservationGroup] = []
        for segment in segments {
            switch segment.id {
            case "OBX":
                groups.append(ObservationGroup(observation: OBXSegment(segment), notes: [], otherSegments: []))
            case "NTE" where !groups.isEmpty:
                groups[groups.count - 1].notes.append(NTESegment(segment))
            default:
                continue
            }
        }
        return groups
    }
}
