import CareQueueCore
import CareQueueStore
import Foundation

/// The outbox's audit rows in words, for `tasks show`: "close delivered to the EHR (AA, control id
/// CQ1042C, outbox 5)" rather than the details' JSON.
public enum OutboxAuditText {
    /// The words for `record`, or nil when it is not about the outbox (an undo that cancelled no message).
    public static func text(_ record: AuditRecord) -> String? {
        let details = Details(record.details)
        let event = details.string("event") ?? "message"
        let reference = ["control id \(details.string("control_id") ?? "?")", details.string("outbox_id").map { "outbox \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        switch record.action {
        case OutboxAudit.delivered:
            return "\(event) delivered to the EHR (\(details.string("ack_code") ?? "AA"), \(reference))"
        case OutboxAudit.failed:
            return "\(event) refused by the EHR — \(details.string("reason") ?? details.string("ack_code") ?? "refused") (\(reference))"
        case OutboxAudit.retried:
            let after = details.string("previous_error").map { " after: \($0)" } ?? ""
            return "\(event) put back in line for the EHR\(after) (\(reference))"
        default:
            guard let cancelled = details.numbers("outbox_cancelled"), !cancelled.isEmpty else { return nil }
            let ids = cancelled.map { "outbox \($0)" }.joined(separator: ", ")
            return "\(record.details)  (its message to the EHR was not sent: \(ids) cancelled)"
        }
    }

    /// An audit row's details object, read leniently: a missing or odd field is nil, never an error.
    private struct Details {
        let object: [String: Any]

        init(_ json: String) {
            object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        }

        func string(_ key: String) -> String? {
            switch object[key] {
            case let text as String: return UntrustedText.visible(text)
            case let number as NSNumber: return number.stringValue
            default: return nil
            }
        }

        func numbers(_ key: String) -> [Int64]? {
            (object[key] as? [NSNumber])?.map(\.int64Value)
        }
    }
}
