// The composite types below are views: making one costs nothing, each property decodes only its
// own part when read, and component reads of a whole field stop at its first repetition.

extension HL7Value {
    /// Part `number` of a composite: a component, or a sub-component when this value is itself a
    /// component (an HD inside XCN.9 has its parts as sub-components).
    func part(_ number: Int) -> HL7Value {
        level >= .component ? subcomponent(number) : component(number)
    }

    /// The text of part `number` (see `part`).
    func partText(_ number: Int) -> String {
        if literal { return number == 1 ? raw : "" }
        return storage.text(partRange(number))
    }

    /// Where part `number` lies: a component of a field's first repetition or of a repetition, a
    /// sub-component of a component, or a sub-component itself as its only part.
    @inline(__always)
    func partRange(_ number: Int) -> Range<Int> {
        let delimiters = storage.delimiters
        switch level {
        case .field: return storage.piece(range, number, delimiters.component, delimiters.repetition)
        case .repetition: return storage.piece(range, number, delimiters.component, delimiters.component)
        case .component: return storage.piece(range, number, delimiters.subcomponent, delimiters.subcomponent)
        case .subcomponent: return number == 1 ? range : range.upperBound..<range.upperBound
        }
    }

    /// `text`, or nil when empty.
    var nonEmptyText: String? {
        isEmpty ? nil : text.nilIfEmpty
    }

    /// This value, or its first repetition when it is a whole field.
    var firstRepetition: HL7Value { level == .field ? repetition(1) : self }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// HD: a namespace id, a universal id (often an OID) and its type (`LAB^1.2.3^ISO`).
public struct HL7HierarchicDesignator: Sendable, Equatable {
    /// The value read: a field (its first repetition counts) or a component.
    public let value: HL7Value

    /// Reads an HD from a field (first repetition) or a component.
    public init(_ value: HL7Value) {
        self.value = value
    }

    /// The whole HD exactly as sent, all parts and escapes included: `LAB^1.2.3^ISO`.
    public var encoded: String { value.firstRepetition.raw }
    /// HD.1
    public var namespaceID: String { value.partText(1) }
    /// HD.2
    public var universalID: String { value.partText(2) }
    /// HD.3
    public var universalIDType: String { value.partText(3) }

    /// Equal when sent the same way.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.value.firstRepetition.bytes.elementsEqual(rhs.value.firstRepetition.bytes)
    }
}

/// CE / CWE / CNE: a coded value with its text and coding system (`2823-3^Potassium^LN`).
public struct HL7CodedElement: Sendable, Equatable {
    /// The value read: a field (its first repetition counts), a repetition or a component.
    public let value: HL7Value

    /// Reads a coded element from a field (first repetition) or a component.
    public init(_ value: HL7Value) {
        self.value = value
    }

    /// .1 identifier (the code).
    public var identifier: String { value.partText(1) }
    /// .2 text.
    public var text: String { value.partText(2) }
    /// .3 name of the coding system (`LN`, `HL70078`).
    public var codingSystem: String { value.partText(3) }
    /// .4 alternate identifier.
    public var alternateIdentifier: String { value.partText(4) }
    /// .5 alternate text.
    public var alternateText: String { value.partText(5) }
    /// .6 alternate coding system.
    public var alternateCodingSystem: String { value.partText(6) }

    /// What a person reads: the text, else the alternate text, else the code (else the alternate code).
    public var displayText: String {
        if let text = value.partText(2).nilIfEmpty { return text }
        if let text = value.partText(5).nilIfEmpty { return text }
        if let text = value.partText(1).nilIfEmpty { return text }
        return value.partText(4)
    }

    /// True when nothing was sent.
    public var isEmpty: Bool { value.firstRepetition.isEmpty }

    /// Equal when sent the same way.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.value.firstRepetition.bytes.elementsEqual(rhs.value.firstRepetition.bytes)
    }
}

/// CX: an identifier with the authority that issued it and its type (`12345^^^HOSP^MR`).
public struct HL7ExtendedID: Sendable {
    /// The repetition read (a whole field reads as its first repetition).
    public let value: HL7Value

    /// Reads a CX from a repetition (or a field's first).
    public init(_ value: HL7Value) {
        self.value = value
    }

    /// CX.1
    public var id: String { value.text(component: 1) }
    /// CX.2
    public var checkDigit: String { value.text(component: 2) }
    /// CX.4 assigning authority.
    public var assigningAuthority: HL7HierarchicDesignator { HL7HierarchicDesignator(value.component(4)) }
    /// CX.5 identifier type code (`MR`, `SS`, `PI` …).
    public var identifierTypeCode: String { value.text(component: 5) }
    /// CX.6 assigning facility.
    public var assigningFacility: HL7HierarchicDesignator { HL7HierarchicDesignator(value.component(6)) }
}

/// XCN: a person with an identifier, e.g. an ordering provider
/// (`1234567893^Patel^Anika^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI`).
public struct HL7ExtendedPerson: Sendable {
    /// The OID CMS assigns to the NPI namespace.
    public static let npiOID = "2.16.840.1.113883.4.6"

    /// The repetition read (a whole field reads as its first repetition).
    public let value: HL7Value

    /// Reads an XCN from a repetition (or a field's first).
    public init(_ value: HL7Value) {
        self.value = value
    }

    /// XCN.1
    public var id: String { value.text(component: 1) }
    /// XCN.2 (FN.1 surname).
    public var family: String { value.text(component: 2, subcomponent: 1) }
    /// XCN.3
    public var given: String { value.text(component: 3) }
    /// XCN.4
    public var middle: String { value.text(component: 4) }
    /// XCN.6
    public var prefix: String { value.text(component: 6) }
    /// XCN.7
    public var degree: String { value.text(component: 7) }
    /// XCN.9
    public var assigningAuthority: HL7HierarchicDesignator { HL7HierarchicDesignator(value.component(9)) }
    /// XCN.13 (`NPI`, `EI`, …).
    public var identifierTypeCode: String { value.text(component: 13) }

    /// True when XCN.13 says NPI, XCN.9 names the NPI OID, or the id is ten digits passing the NPI
    /// check digit. (An id marked NPI may still fail the check digit: test `NPICheck` before routing.)
    public var isNPI: Bool {
        if identifierTypeCode.uppercased() == "NPI" { return true }
        let authority = assigningAuthority
        if authority.universalID == Self.npiOID || authority.namespaceID == Self.npiOID { return true }
        return NPICheck.isValid(id)
    }

    /// True when neither an id nor a name was sent.
    public var isEmpty: Bool { value.component(1).isEmpty && value.component(2).isEmpty && value.component(3).isEmpty }
}
