import HL7

/// What identifies a message for duplicate detection — MSH-3, MSH-4 and MSH-10 — and whether those
/// values can be trusted as a key.
///
/// A blank control id cannot tell two messages apart, and a control character can be cut off by
/// any C-string layer below us (turning two ids into one): either would let the store drop a
/// different result as a "duplicate" after answering AA. Such messages are refused instead.
struct MessageIdentity {
    let application: String
    let facility: String
    let controlID: String

    init(_ header: MSHSegment) {
        application = header.sendingApplication.encoded
        facility = header.sendingFacility.encoded
        controlID = header.controlID
    }

    /// AE 101 for a blank MSH-10, AE 102 for control characters in MSH-3, MSH-4 or MSH-10; nil when usable.
    var refusal: Refusal? {
        for (value, field, name) in [(application, 3, "MSH-3 sending application"), (facility, 4, "MSH-4 sending facility"),
                                     (controlID, 10, "MSH-10 message control id")]
        where UntrustedText.hasControlCharacters(value) {
            return Refusal(kind: .error, code: .dataTypeError,
                           reason: "\(name) contains control characters (shown as <0xNN>: \(UntrustedText.visible(value).prefix(48)))",
                           location: "MSH^1^\(field)")
        }
        if UntrustedText.isBlank(controlID) {
            let what = controlID.isEmpty ? "empty" : "blank"
            return Refusal(kind: .error, code: .requiredFieldMissing,
                           reason: "MSH-10 message control id is \(what): it is required, and duplicates are detected by it",
                           location: "MSH^1^10")
        }
        return nil
    }

    /// The sender as the review list keeps it: control characters shown, never cut.
    var storedSender: SenderID {
        SenderID(application: UntrustedText.visible(application), facility: UntrustedText.visible(facility))
    }

    /// The control id as the review list keeps it.
    var storedControlID: String { UntrustedText.visible(controlID) }
}
