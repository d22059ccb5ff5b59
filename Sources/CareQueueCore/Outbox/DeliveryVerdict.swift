import Foundation
import HL7

/// What one send of an outbox row came to, decided from the EHR's reply.
public enum DeliveryVerdict: Sendable, Equatable {
    /// AA or CA answering this message's control id.
    case delivered(code: String, ack: String)
    /// AE or AR: the EHR read the message and will not take it; resending the same bytes cannot help.
    case refused(code: String, ack: String, reason: String)
    /// No answer that settles it (no reply in time, the connection failed, or a reply that is not an
    /// ACK to this message): send the same message again later.
    case retry(reason: String)

    /// The most of a reply kept with its row.
    public static let keptAckBytes = 4096

    /// Judges `reply` (nil: none arrived within the timeout) to the message sent with `controlID`.
    public static func judge(reply: [UInt8]?, controlID: String, timeout: TimeInterval) -> DeliveryVerdict {
        guard let reply else { return .retry(reason: "no ACK within \(AgeText.short(timeout))") }
        // Kept with the row as received, control characters shown; an ACK is a few hundred bytes.
        let shown = UntrustedText.visible(String(decoding: reply.prefix(Self.keptAckBytes), as: UTF8.self), keepingLayout: true)
        guard let ack = try? HL7Message(parsing: reply), let msa = ack.firstSegment(withID: "MSA") else {
            return .retry(reason: "the reply is not an HL7 ACK: \(UntrustedText.visible(String(shown.prefix(60))))")
        }
        let answered = msa[2].raw
        guard answered == controlID else {
            // An ACK to another message (a late one, or the EHR's mistake) says nothing about this one.
            return .retry(reason: "the ACK answers control id \(UntrustedText.visible(String(answered.prefix(40)))), not \(controlID)")
        }
        let code = msa[1].text.uppercased()
        switch code {
        case "AA", "CA":
            return .delivered(code: code, ack: shown)
        case "AE", "AR", "CE", "CR":
            return .refused(code: code, ack: shown, reason: refusalText(ack, code: code))
        default:
            let shownCode = UntrustedText.visible(String(code.prefix(10)))
            return .retry(reason: "the ACK's code is \(shownCode.isEmpty ? "empty" : shownCode), not AA/AE/AR")
        }
    }

    /// "AE: unknown patient" — the ACK's code and the EHR's words (MSA-3, else ERR-8, else ERR-1).
    static func refusalText(_ ack: HL7Message, code: String) -> String {
        let words = AckReason.words(in: ack)
        return words.isEmpty ? code : "\(code): \(words)"
    }

    /// The wait before the next send after `failures` failed sends in a row: 1 s, 2 s, 4 s … doubling,
    /// never more than `cap`.
    public static func backoff(afterFailures failures: Int, cap: TimeInterval) -> TimeInterval {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 30)
        return min(cap, Double(1 << exponent))
    }
}
