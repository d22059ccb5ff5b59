/// RF1, referral information (REF^I12–I14), with decoded accessors.
public struct RF1Segment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// RF1-6.1 originating referral identifier, else RF1-11.1 external referral identifier.
    public var referralID: String {
        let originating = segment.text(6, 1)
        return originating.isEmpty ? segment.text(11, 1) : originating
    }
    /// The field the referral id came from (6 or 11), for error locations.
    public var referralIDField: Int { segment.text(6, 1).isEmpty ? 11 : 6 }
    /// RF1-10 referral reason (CE, v2.4+), else RF1-3 referral type.
    public var reason: HL7CodedElement {
        let reason = HL7CodedElement(segment[10])
        return reason.isEmpty ? HL7CodedElement(segment[3]) : reason
    }
    /// The field the reason came from (10 or 3), for error locations.
    public var reasonField: Int { HL7CodedElement(segment[10]).isEmpty ? 3 : 10 }
    /// RF1-7 effective date, as sent.
    public var effectiveDate: String { segment.text(7, 1) }
}

/// PRD, provider data: who refers and who is referred to.
public struct PRDSegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// PRD-1.1 provider role (table 0286: `RP` referring, `RT` referred to, `CP` consulting …).
    public var role: String { segment.text(1, 1) }
    /// PRD-2 family and given name.
    public var family: String { segment.text(2, 1, 1) }
    public var given: String { segment.text(2, 2) }
    /// PRD-7.1 and .2: the first provider identifier and its type (`NPI` …).
    public var identifier: String { segment.text(7, 1) }
    public var identifierType: String { segment.text(7, 2) }
}
