/// A diagnostic service section (OBR-24, HL7 table 0074): which department reports an order.
public enum LabSection: String, Sendable, Hashable, CaseIterable {
    case chemistry = "CH", hematology = "HM", urinalysis = "UR", microbiology = "MB", radiology = "RAD"
}
