extension HL7Value {
    /// Part `number` of a composite: a component, or a sub-component when this value is itself a
    /// component (an HD inside XCN.9 has its parts as sub-components).
    func part(_ number: Int) -> HL7Value {
        level >= .component ? subcomponent(number) : component(number)
    }

    /// `text`, or nil when empty.
    var nonEmptyText: String? {
        let value = text
        return value.isEmpty ? nil : value
    }
}

/// HD: a namespace id, a universal id (often an OID) and its type (`LAB^1.2.3^ISO`).
public struct HL7HierarchicDesignator: Sendable, Equatable {
    /// The whole HD exactly as sent, all parts and escapes included: `LAB^1.2.3^ISO`.
    public var encoded: String
    /// HD.1
    public var namespaceID: String
    /// HD.2
    public var universalID: String
    /// HD.3
    public var universalIDType: String

    public init(encoded: String, namespaceID: String, universalID: String, universalIDType: String) {
        self.encoded = encoded
        self.namespaceID = namespaceID
        self.universalID = universalID
        self.universalIDType = universalIDType
    }

    /// Reads an HD from a field (first repetition) or a component.
    public init(_ value: HL7Value) {
        let whole = value.level == .field ? value.repetition(1) : value
        self.init(encoded: whole.raw, namespaceID: whole.part(1).text,
                  universalID: whole.part(2).text, universalIDType: whole.part(3).text)
    }
}

/// CE / CWE / CNE: a coded value with its text and coding system (`2823-3^Potassium^LN`).
public struct HL7CodedElement: Sendable, Equatable {
    /// .1 identifier (the code).
    public var identifier: String
    /// .2 text.
    public var text: String
    /// .3 name of the coding system (`LN`, `HL70078`).
    public var codingSystem: String
    /// .4 alternate identifier.
    public var alternateIdentifier: String
    /// .5 alternate text.
    public var alternateText: String
    /// .6 alternate coding system.
    public var alternateCodingSystem: String

    public init(identifier: String, text: String = "", codingSystem: String = "", alternateIdentifier: String = "",
                alternateText: String = "", alternateCodingSystem: String = "") {
        self.identifier = identifier
        self.text = text
        self.codingSystem = codingSystem
        self.alternateIdentifier = alternateIdentifier
        self.alternateText = alternateText
        self.alternateCodingSystem = alternateCodingSystem
    }

    /// Reads a coded element from a field (first repetition) or a component.
    public init(_ value: HL7Value) {
        self.init(identifier: value.part(1).text, text: value.part(2).text, codingSystem: value.part(3).text,
                  alternateIdentifier: value.part(4).text, alternateText: value.part(5).text,
                  alternateCodingSystem: value.part(6).text)
    }

    /// What a person reads: the text, else the alternate text, else the code.
    public var displayText: String {
        if !text.isEmpty { return text }
        if !alternateText.isEmpty { return alternateText }
        return identifier.isEmpty ? alternateIdentifier : identifier
    }

    /// True when nothing was sent.
    public var isEmpty: Bool { identifier.isEmpty && text.isEmpty && alternateIdentifier.isEmpty && alternateText.isEmpty }
}

/// CX: an identifier with the authority that issued it and its type (`12345^^^HOSP^MR`).
public struct HL7ExtendedID: Sendable, Equatable {
    /// CX.1
    public var id: String
    /// CX.2
    public var checkDigit: String
    /// CX.4 assigning authority.
    public var assigningAuthority: HL7HierarchicDesignator
    /// CX.5 identifier type code (`MR`, `SS`, `PI` …).
    public var identifierTypeCode: String
    /// CX.6 assigning facility.
    public var assigningFacility: HL7HierarchicDesignator

    /// Reads a CX from one repetition.
    public init(_ value: HL7Value) {
        id = value.component(1).text
        checkDigit = value.component(2).text
        assigningAuthority = HL7HierarchicDesignator(value.component(4))
        identifierTypeCode = value.component(5).text
        assigningFacility = HL7HierarchicDesignator(value.component(6))
    }
}

/// XCN: a person with an identifier, e.g. an ordering provider (`1234567893^Patel^Anika^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI`).
public struct HL7ExtendedPerson: Sendable, Equatable {
    /// The OID CMS assigns to the NPI namespace.
    public static let npiOID = "2.16.840.1.113883.4.6"

    /// XCN.1
    public var id: String
    /// XCN.2 (FN.1 surname).
    public var family: String
    /// XCN.3
    public var given: String
    /// XCN.4
    public var middle: String
    /// XCN.6
    public var prefix: String
    /// XCN.7
    public var degree: String
    /// XCN.9
    public var assigningAuthority: HL7HierarchicDesignator
    /// XCN.13 (`NPI`, `EI`, …).
    public var identifierTypeCode: String

    /// Reads an XCN from one repetition.
    public init(_ value: HL7Value) {
        id = value.component(1).text
        family = value.component(2).subcomponent(1).text
        given = value.component(3).text
        middle = value.component(4).text
        prefix = value.component(6).text
        degree = value.component(7).text
        assigningAuthority = HL7HierarchicDesignator(value.component(9))
        identifierTypeCode = value.component(13).text
    }

    /// True when XCN.13 says NPI, XCN.9 names the NPI OID, or the id is ten digits passing the NPI
    /// check digit. (An id marked NPI may still fail the check digit: test `NPICheck` before routing.)
    public var isNPI: Bool {
        if identifierTypeCode.uppercased() == "NPI" { return true }
        if assigningAuthority.universalID == Self.npiOID || assigningAuthority.namespaceID == Self.npiOID { return true }
        return NPICheck.isValid(id)
    }

    /// True when nothing identifies the person.
    public var isEmpty: Bool { id.isEmpty && family.isEmpty && given.isEmpty }
}
