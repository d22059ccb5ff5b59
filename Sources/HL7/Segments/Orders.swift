/// ORC, the common order, with decoded accessors.
public struct ORCSegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// ORC-1 order control (`RE` for results).
    public var orderControl: String { segment.text(1, 1) }
    /// ORC-2.1 placer order number.
    public var placerOrderNumber: String { segment.text(2, 1) }
    /// ORC-3.1 filler order number.
    public var fillerOrderNumber: String { segment.text(3, 1) }
    /// ORC-7.6 priority (TQ, pre-2.5; table 0027: `S`, `A`, `R` …), empty when absent.
    public var priority: String { segment.text(7, 6) }
    /// ORC-9 date/time of the transaction (when the order was placed), as sent.
    public var transactionDateTime: String { segment.text(9, 1) }
    /// ORC-12 ordering providers, every repetition.
    public var orderingProviders: [HL7ExtendedPerson] { segment[12].repetitions.map(HL7ExtendedPerson.init) }
    /// ORC-12 first repetition, nil when empty.
    public var orderingProvider: HL7ExtendedPerson? {
        segment[12].repetitionList.lazy.map(HL7ExtendedPerson.init).first { !$0.isEmpty }
    }
}

/// OBR, the observation request, with decoded accessors.
public struct OBRSegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// OBR-1 set id.
    public var setID: Int? { Int(segment[1].text) }
    /// OBR-2.1 placer order number.
    public var placerOrderNumber: String { segment.text(2, 1) }
    /// OBR-3.1 filler order number.
    public var fillerOrderNumber: String { segment.text(3, 1) }
    /// OBR-4 universal service identifier (code, text, coding system).
    public var service: HL7CodedElement { HL7CodedElement(segment[4]) }
    /// OBR-7.1 observation date/time as sent.
    public var observationDateTime: String { segment.text(7, 1) }
    /// OBR-6 requested date/time (kept for backward compatibility since v2.4), as sent.
    public var requestedDateTime: String { segment.text(6, 1) }
    /// OBR-16 ordering providers, every repetition.
    public var orderingProviders: [HL7ExtendedPerson] { segment[16].repetitions.map(HL7ExtendedPerson.init) }
    /// OBR-16 first repetition, nil when empty.
    public var orderingProvider: HL7ExtendedPerson? {
        segment[16].repetitionList.lazy.map(HL7ExtendedPerson.init).first { !$0.isEmpty }
    }
    /// OBR-22 results report / status change date/time.
    public var resultsReportedDateTime: String { segment.text(22, 1) }
    /// OBR-25 result status (table 0123), empty when absent.
    public var resultStatus: String { segment.text(25, 1) }
    /// OBR-27.6 priority (TQ, pre-2.5), empty when absent.
    public var priority: String { segment.text(27, 6) }
    /// OBR-26.1.1: the code of the parent observation this result reflexes from.
    public var parentObservationCode: String { segment.text(26, 1, 1) }
    /// OBR-26.2: the parent observation's sub-id.
    public var parentObservationSubID: String { segment.text(26, 2) }
    /// OBR-29.1.1: the parent order's placer number.
    public var parentPlacerNumber: String { segment.text(29, 1, 1) }
    /// OBR-29.2.1: the parent order's filler number.
    public var parentFillerNumber: String { segment.text(29, 2, 1) }
}

/// TQ1, timing and quantity (v2.5+).
public struct TQ1Segment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// TQ1-9 priority, first repetition's code (table 0485: `S`, `A`, `R` …), empty when absent.
    public var priority: String { segment.text(9, 1) }
}

/// NTE, a note attached to the segment before it.
public struct NTESegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// NTE-1 set id.
    public var setID: Int? { Int(segment[1].text) }
    /// NTE-2 source of comment (`L` lab, `P` placer …).
    public var source: String { segment.text(2, 1) }
    /// NTE-3 every repetition's text, joined with newlines; leading spaces kept.
    public var comment: String { segment[3].repetitions.map(\.text).joined(separator: "\n") }
}
