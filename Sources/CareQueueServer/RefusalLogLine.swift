import CareQueueCore
import HL7

/// The log line for a refused message.
///
/// At notice level it names only what an analyst needs to find the message and the fault — the
/// answer, the table 0357 code, where, the sender (MSH-3/4), the control id and the message type —
/// each escaped and bounded (`UntrustedText.forLog`). The reason, which may quote header fields,
/// goes to debug only.
struct RefusalLogLine {
    let refusal: Refusal
    let inbound: HL7Message?

    var summary: String {
        var line = "\(refusal.kind.rawValue) \(refusal.code.rawValue) (\(refusal.code.text))"
        if !refusal.location.isEmpty { line += " at \(refusal.location)" }
        guard let header = inbound?.header else { return line + " (no MSH to name the message by)" }
        let sender = [header.sendingApplication.encoded, header.sendingFacility.encoded]
            .map { UntrustedText.forLog($0, limit: 48) }.joined(separator: " / ")
        let type = [header.messageCode, header.triggerEvent].filter { !$0.isEmpty }.joined(separator: "^")
        line += " from \(sender) control id \"\(UntrustedText.forLog(header.controlID))\""
        line += " type \(type.isEmpty ? "-" : UntrustedText.forLog(type, limit: 16))"
        return line
    }

    var detail: String {
        "reason: \(UntrustedText.forLog(refusal.reason, limit: 400))"
    }
}
