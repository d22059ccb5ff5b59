import CareQueueCore

/// What must hold of a message the listener answers AA, written independently of the intake code:
/// the store keeps it intact, keys duplicates on it, and a coordinator can act on it. Blank means
/// empty or only white space.
enum AcceptanceRules {
    /// The first rule `result` breaks, as a short reason; nil when it keeps them all.
    static func firstViolation(_ result: ResultMessage) -> String? {
        if isBlank(result.controlID) { return "MSH-10 (control id) is blank" }
        if hasControlCharacter(result.controlID) { return "MSH-10 (control id) holds a control character" }
        if hasControlCharacter(result.sender.application) { return "MSH-3 (sending application) holds a control character" }
        if hasControlCharacter(result.sender.facility) { return "MSH-4 (sending facility) holds a control character" }
        for patientResult in result.patientResults {
            let mrn = patientResult.patient.mrn
            if isBlank(mrn) { return "a PID-3 MRN is blank" }
            if hasControlCharacter(mrn) { return "a PID-3 MRN holds a control character" }
            for order in patientResult.orders {
                let numbers = [order.fillerNumber, order.placerNumber].compactMap { $0 }
                if numbers.allSatisfy(isBlank) { return "an order has neither a filler (OBR-3) nor a placer (OBR-2) number" }
                if numbers.contains(where: hasControlCharacter) { return "an order number (OBR-2/OBR-3) holds a control character" }
                if isBlank(order.serviceCode), isBlank(order.serviceText) { return "an order's service (OBR-4) code and text are both blank" }
            }
        }
        return nil
    }

    /// The first rule an accepted order or referral breaks: it is keyed by its control id, patient
    /// and placer number, so those must be whole; a new or changed order names what was ordered.
    static func firstViolation(_ order: OrderMessage) -> String? {
        if isBlank(order.controlID) { return "MSH-10 (control id) of an order is blank" }
        if hasControlCharacter(order.controlID) { return "MSH-10 (control id) of an order holds a control character" }
        if isBlank(order.patient.mrn) { return "an order's PID-3 MRN is blank" }
        if hasControlCharacter(order.patient.mrn) { return "an order's PID-3 MRN holds a control character" }
        if order.items.isEmpty { return "an order message tracks nothing" }
        for item in order.items {
            if isBlank(item.placerNumber) { return "an order has a blank placer number" }
            if hasControlCharacter(item.placerNumber) { return "an order's placer number holds a control character" }
            if item.fillerNumber.map(hasControlCharacter) == true { return "an order's filler number holds a control character" }
            if hasControlCharacter(item.serviceCode) { return "an order's service code holds a control character" }
            if order.kind == .order, item.action != .cancel, isBlank(item.serviceCode), isBlank(item.serviceText) {
                return "a new order names no test (OBR-4)"
            }
        }
        return nil
    }

    /// The first rule an accepted consult note breaks: it is kept as one result of its patient, keyed
    /// by its document number (TXA-12), and matched to a referral by the ids it names.
    static func firstViolation(_ note: ConsultNote) -> String? {
        if let violation = firstViolation(note.asResult) { return "a consult note's \(violation)" }
        guard let documentNumber = note.document.fillerNumber, !isBlank(documentNumber) else {
            return "a consult note has no document number (TXA-12)"
        }
        if note.referralIDs.contains(where: { isBlank($0) || hasControlCharacter($0) }) {
            return "a consult note names a blank referral id or one holding a control character"
        }
        if hasControlCharacter(note.document.serviceCode) { return "a consult note's document type (TXA-2) holds a control character" }
        return nil
    }

    /// C0 controls (0x00–0x1F), DEL and C1 controls (0x80–0x9F, which include an 8-bit CSI).
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
