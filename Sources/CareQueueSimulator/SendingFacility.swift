/// A lab or radiology system the simulator sends as: its MSH-3/MSH-4 and the habits of its interface.
public struct SendingFacility: Sendable, Equatable {
    /// Where an order's priority goes.
    public enum PriorityField: Sendable, Equatable {
        /// TQ1-9 (v2.5 and later).
        case timingQuantity
        /// OBR-27 component 6, the older quantity/timing field.
        case quantityTiming
        /// Not sent.
        case none
    }

    /// MSH-3 exactly as written (an HD with all components), e.g. `LAB^2.16.840.1.113883.19.4.6^ISO`.
    public var application: String
    /// MSH-4 exactly as written; its first component is the filler numbers' namespace (OBR-3.2).
    public var facility: String
    /// The departments whose results this system sends.
    public var sections: Set<LabSection>
    /// Relative share of the orders of those departments it reports.
    public var weight: Double
    /// OBX-8 for a result inside its range: "" (nothing) or "N".
    public var normalFlag: String
    /// Whether an ORC precedes each OBR (always when the provider is only in ORC-12).
    public var sendsORC: Bool
    public var priorityField: PriorityField
    /// Whether MSH-18 says `UNICODE UTF-8` even when a message is plain ASCII.
    public var alwaysDeclaresCharset: Bool
    /// Whether a PV1 (outpatient visit) follows the PID.
    public var sendsVisit: Bool
    /// Whether PID-3 lists the lab's own patient id (PI) before the clinic MRN (MR).
    public var sendsLabPatientID: Bool

    public init(application: String, facility: String, sections: Set<LabSection>, weight: Double = 1,
                normalFlag: String = "N", sendsORC: Bool = true, priorityField: PriorityField = .timingQuantity,
                alwaysDeclaresCharset: Bool = true, sendsVisit: Bool = true, sendsLabPatientID: Bool = false) {
        self.application = application
        self.facility = facility
        self.sections = sections
        self.weight = weight
        self.normalFlag = normalFlag
        self.sendsORC = sendsORC
        self.priorityField = priorityField
        self.alwaysDeclaresCharset = alwaysDeclaresCharset
        self.sendsVisit = sendsVisit
        self.sendsLabPatientID = sendsLabPatientID
    }

    /// The namespace of the filler numbers this system assigns: MSH-4's first component.
    var namespace: String {
        String(facility.prefix { $0 != "^" })
    }

    /// Four interfaces under the HL7 example OID arc (2.16.840.1.113883.19): a hospital lab, an
    /// outpatient lab with older habits, a reference lab and a radiology system.
    public static let standard: [SendingFacility] = [
        SendingFacility(application: "LAB^2.16.840.1.113883.19.4.6^ISO",
                        facility: "NORTHLAB^2.16.840.1.113883.19.4.6.1^ISO",
                        sections: [.chemistry, .hematology, .urinalysis, .microbiology], weight: 5),
        SendingFacility(application: "LIS^2.16.840.1.113883.19.4.7^ISO",
                        facility: "EASTSIDE^2.16.840.1.113883.19.4.7.1^ISO",
                        sections: [.chemistry, .hematology, .urinalysis], weight: 3, normalFlag: "",
                        sendsORC: false, priorityField: .quantityTiming, alwaysDeclaresCharset: false,
                        sendsVisit: false, sendsLabPatientID: true),
        SendingFacility(application: "REFLAB^2.16.840.1.113883.19.4.8^ISO",
                        facility: "REFLAB^2.16.840.1.113883.19.4.8.1^ISO",
                        sections: [.chemistry, .microbiology], weight: 1, priorityField: .none, sendsVisit: false),
        SendingFacility(application: "RIS^2.16.840.1.113883.19.4.9^ISO",
                        facility: "IMAGING^2.16.840.1.113883.19.4.9.1^ISO",
                        sections: [.radiology], weight: 1, normalFlag: ""),
    ]
}
