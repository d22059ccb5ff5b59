/// A segment where the ORU^R01 structure does not allow it, and where it is. No message content.
public struct HL7StructureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// OBX, TQ1, TQ2, SPM, CTD, FT1 or CTI before any OBR.
        case outsideOrder
        /// PD1 or PV1 outside a patient (no PID before it in this PATIENT_RESULT).
        case outsidePatient
        /// ORC not followed by its OBR.
        case orderControlWithoutRequest
        /// A second MSH: two messages in one (split files with `HL7FileSplitter`).
        case secondHeader
    }

    public var kind: Kind
    /// The id of the offending segment ("OBX").
    public var segmentID: String
    /// Its index in the message (0 = MSH).
    public var segmentIndex: Int
    /// Its byte offset in the input.
    public var offset: Int
    /// Its 1-based line.
    public var line: Int
    /// Which occurrence of its id it is (1 = the first OBX of the message).
    public var occurrence: Int

    public init(kind: Kind, segmentID: String, segmentIndex: Int, offset: Int, line: Int, occurrence: Int) {
        self.kind = kind
        self.segmentID = segmentID
        self.segmentIndex = segmentIndex
        self.offset = offset
        self.line = line
        self.occurrence = occurrence
    }

    init(_ kind: Kind, _ segment: HL7Segment) {
        let code = segment.code
        let occurrence = segment.storage.segments[...segment.index].reduce(0) { $0 + ($1.code == code ? 1 : 0) }
        self.init(kind: kind, segmentID: segment.id, segmentIndex: segment.index,
                  offset: segment.byteOffset, line: segment.line, occurrence: occurrence)
    }

    /// Where it is for ERR-2: segment id and occurrence (`OBX^1`).
    public var errorLocation: HL7ErrorLocation { HL7ErrorLocation(segmentID: segmentID, sequence: occurrence) }

    public var description: String {
        let what: String
        switch kind {
        case .outsideOrder: what = "\(segmentID) comes before any OBR"
        case .outsidePatient: what = "\(segmentID) is not inside a patient (no PID before it)"
        case .orderControlWithoutRequest: what = "ORC is not followed by an OBR"
        case .secondHeader: what = "a second MSH inside one message"
        }
        return "ORU structure: \(what) (segment \(segmentIndex + 1), line \(line), byte \(offset))"
    }
}
