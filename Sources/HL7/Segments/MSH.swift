/// MSH, the message header, with decoded accessors.
public struct MSHSegment: Sendable {
    /// The underlying segment, for fields without an accessor.
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// MSH-3.
    public var sendingApplication: HL7HierarchicDesignator { HL7HierarchicDesignator(segment[3]) }
    /// MSH-4.
    public var sendingFacility: HL7HierarchicDesignator { HL7HierarchicDesignator(segment[4]) }
    /// MSH-5.
    public var receivingApplication: HL7HierarchicDesignator { HL7HierarchicDesignator(segment[5]) }
    /// MSH-6.
    public var receivingFacility: HL7HierarchicDesignator { HL7HierarchicDesignator(segment[6]) }

    /// MSH-7 date/time of the message as sent (`20240314153000-0500`).
    public var dateTime: String { segment.text(7, 1) }

    /// MSH-9.1 message code (`ORU`).
    public var messageCode: String { segment.text(9, 1) }
    /// MSH-9.2 trigger event (`R01`); empty in v2.3 messages that send just `ORU`.
    public var triggerEvent: String { segment.text(9, 2) }
    /// MSH-9.3 message structure (`ORU_R01`), v2.4+.
    public var messageStructure: String { segment.text(9, 3) }

    /// MSH-10 exactly as sent (escapes not decoded): the id duplicates are keyed on and MSA-2 echoes
    /// — less the line break of a wrapped continuation, which an ACK segment cannot carry.
    public var controlID: String { segment[10].raw }

    /// MSH-11.1 processing id (`P`, `T`, `D`).
    public var processingID: String { segment.text(11, 1) }

    /// MSH-12.1 version id (`2.5.1`).
    public var versionID: String { segment.text(12, 1) }

    /// MSH-15 accept acknowledgment type (`AL`, `NE`, `ER`, `SU`), empty when absent.
    public var acceptAcknowledgmentType: String { segment.text(15, 1) }
    /// MSH-16 application acknowledgment type, empty when absent.
    public var applicationAcknowledgmentType: String { segment.text(16, 1) }

    /// MSH-18 first repetition as sent, empty when absent (see `HL7Message.charset` for its effect).
    public var characterSet: String { segment[18].repetition(1).text }

    /// MSH-12.1 as numbers (`2.5.1` → [2, 5, 1]); nil when it is not a dotted version.
    public var version: HL7Version? { HL7Version(versionID) }
}

/// A v2 version id compared numerically (`2.3.1` < `2.4` < `2.5.1`).
public struct HL7Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var parts: [Int]

    /// Parses `2.5.1`; nil for anything that is not dot-separated numbers.
    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !pieces.isEmpty else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard let number = Int(piece), number >= 0 else { return nil }
            parts.append(number)
        }
        self.parts = parts
    }

    public static func < (lhs: HL7Version, rhs: HL7Version) -> Bool {
        for index in 0..<max(lhs.parts.count, rhs.parts.count) {
            let left = index < lhs.parts.count ? lhs.parts[index] : 0
            let right = index < rhs.parts.count ? rhs.parts[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public static func == (lhs: HL7Version, rhs: HL7Version) -> Bool { !(lhs < rhs) && !(rhs < lhs) }

    public func hash(into hasher: inout Hasher) {
        var trimmed = parts
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }
}
