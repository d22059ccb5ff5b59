/// How a patient wants to be reached about results; recorded per patient (by MRN) from any of their tasks.
public enum ContactPreference: String, Sendable, Codable, CaseIterable {
    case phone
    case portal
    case letter

    /// The audit action of a preference recorded or changed: details `preference` and `before`.
    public static let auditAction = "patient.contact-preference"
}
