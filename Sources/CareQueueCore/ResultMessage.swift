import Foundation

/// The sending side of a message: MSH-3 and MSH-4, each the whole HD as sent (all components).
public struct SenderID: Hashable, Sendable, Codable {
    public var application: String
    public var facility: String

    public init(application: String, facility: String) {
        self.application = application
        self.facility = facility
    }

    /// "APP^OID^ISO / FAC" — how an analyst recognises an interface in lists and logs.
    public var display: String { facility.isEmpty ? application : "\(application) / \(facility)" }
}

/// What CareQueue needs from one ORU^R01, extracted from the HL7 model (see `ResultExtraction`).
public struct ResultMessage: Sendable, Equatable {
    public var sender: SenderID
    /// MSH-10 exactly as sent.
    public var controlID: String
    /// MSH-12 version id, e.g. "2.5.1".
    public var version: String
    /// One entry per PATIENT_RESULT group.
    public var patientResults: [PatientResult]

    public init(sender: SenderID, controlID: String, version: String, patientResults: [PatientResult]) {
        self.sender = sender
        self.controlID = controlID
        self.version = version
        self.patientResults = patientResults
    }
}

/// One PATIENT_RESULT group: a patient and the orders reported for them.
public struct PatientResult: Sendable, Equatable {
    public var patient: Patient
    public var orders: [OrderResult]

    public init(patient: Patient, orders: [OrderResult]) {
        self.patient = patient
        self.orders = orders
    }
}

/// PID fields a coordinator needs to call the patient. Text is escape-decoded.
public struct Patient: Sendable, Equatable, Codable {
    /// PID-3 repetition with CX.5 = MR (see extraction rules).
    public var mrn: String
    public var family: String
    public var given: String
    /// PID-7 as sent.
    public var dob: String?
    /// PID-13, first repetition, as sent.
    public var phone: String?

    public init(mrn: String, family: String, given: String, dob: String? = nil, phone: String? = nil) {
        self.mrn = mrn
        self.family = family
        self.given = given
        self.dob = dob
        self.phone = phone
    }

    /// "Family, Given" (or whichever part exists).
    public var displayName: String {
        switch (family.isEmpty, given.isEmpty) {
        case (false, false): return "\(family), \(given)"
        case (false, true): return family
        case (true, false): return given
        case (true, true): return ""
        }
    }
}

/// Which field named the ordering provider.
public enum ProviderField: String, Sendable, Codable, CaseIterable {
    case obr16 = "OBR-16"
    case orc12 = "ORC-12"
    /// A consult note's referring doctor (MDM^T02 without an ordering provider).
    case pv1Referring = "PV1-8"
    /// The referring provider of the referral a consult note answers.
    case referral = "the referral (PRD RP)"
}

/// The ordering provider as the message names it (XCN, first repetition).
public struct ProviderReference: Sendable, Equatable, Codable {
    /// XCN.1 as sent.
    public var id: String
    /// XCN.13 identifier type code, e.g. "NPI", "EI".
    public var idType: String
    public var family: String
    public var given: String
    /// True when XCN.13 is NPI or the id is 10 digits passing the NPI check digit.
    public var isNPI: Bool
    public var source: ProviderField

    public init(id: String, idType: String = "", family: String = "", given: String = "", isNPI: Bool, source: ProviderField) {
        self.id = id
        self.idType = idType
        self.family = family
        self.given = given
        self.isNPI = isNPI
        self.source = source
    }

    /// The id as an NPI column keeps it: nil when it is not an NPI, or when control characters
    /// make it no key at all (routing then says why, with them shown).
    public var npiKey: String? {
        isNPI && !UntrustedText.hasControlCharacters(id) ? id : nil
    }
}

/// One ORDER_OBSERVATION group (OBR and its OBX), with the fields routing and tiering need.
public struct OrderResult: Sendable, Equatable {
    /// OBR-2 (else ORC-2) entity identifier.
    public var placerNumber: String?
    /// OBR-3 (else ORC-3) entity identifier.
    public var fillerNumber: String?
    /// OBR-4 identifier and text.
    public var serviceCode: String
    public var serviceText: String
    public var orderingProvider: ProviderReference?
    /// OBR-25 result status (table 0123), "" when absent.
    public var resultStatus: String
    /// Priority as sent: TQ1-9, else OBR-27.6 / ORC-7.6; nil when absent.
    public var priority: String?
    public var observations: [Observation]
    /// NTE text attached to the OBR.
    public var notes: [String]

    public init(placerNumber: String?, fillerNumber: String?, serviceCode: String, serviceText: String,
                orderingProvider: ProviderReference?, resultStatus: String, priority: String? = nil,
                observations: [Observation], notes: [String] = []) {
        self.placerNumber = placerNumber
        self.fillerNumber = fillerNumber
        self.serviceCode = serviceCode
        self.serviceText = serviceText
        self.orderingProvider = orderingProvider
        self.resultStatus = resultStatus
        self.priority = priority
        self.observations = observations
        self.notes = notes
    }
}

/// One OBX, decoded for display and tiering. Field names match `tasks list --json`.
public struct Observation: Sendable, Equatable, Codable {
    /// OBX-3 identifier (LOINC when the lab uses it) and text.
    public var code: String
    public var text: String
    /// OBX-2 value type (NM, SN, ST, TX, FT, CE, CWE, ED …).
    public var valueType: String
    /// OBX-5 as display text: repetitions joined with ", ", coded values as their text.
    public var value: String
    public var units: String
    public var range: String
    /// OBX-8 repetitions, "" entries dropped.
    public var flags: [String]
    /// OBX-11 observation result status (table 0085).
    public var status: String
    /// NTE text attached to this OBX.
    public var notes: [String]

    public init(code: String, text: String, valueType: String = "", value: String, units: String = "",
                range: String = "", flags: [String] = [], status: String = "F", notes: [String] = []) {
        self.code = code
        self.text = text
        self.valueType = valueType
        self.value = value
        self.units = units
        self.range = range
        self.flags = flags
        self.status = status
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case code, text, valueType = "value_type", value, units, range, flags, status, notes
    }
}
