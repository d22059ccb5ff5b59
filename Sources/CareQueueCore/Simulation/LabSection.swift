/// A diagnostic service section (OBR-24, HL7 table 0074): which department reports an order.
public enum LabSection: String, Sendable, Hashable, CaseIterable {
    case chemistry = "CH"
    case hematology = "HM"
    case urinalysis = "UR"
    case microbiology = "MB"
    case radiology = "RAD"
}
