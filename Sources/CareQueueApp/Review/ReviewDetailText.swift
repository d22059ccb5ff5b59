import CareQueueCore
import CareQueueTUI
import Foundation

/// `review show`: why a message is on the review list, what became of it, and its bytes one
/// segment per line with every control character visible; a line wider than `width` continues on
/// the next, indented (a segment by six, a field's value under its column), nothing dropped.
public enum ReviewDetailText {
    /// Cells a raw line takes before it continues on the next (terminals are 80 wide at least).
    public static let defaultWidth = 78

    public static func render(_ item: ReviewItem, raw: [UInt8], width: Int = defaultWidth) -> [String] {
        var fields = [("Message", "\(item.id): \(item.ackCode)" + (item.errorCode.map { " \($0)" } ?? "")
                                    + (item.location.isEmpty ? "" : " at \(item.location)")),
                      ("Received", "\(Timestamp.iso(item.receivedAt)) from \(item.peer)"),
                      ("Sender", "\(item.sender.isEmpty ? "(none)" : item.sender), control id \(item.controlID ?? "(none)")"),
                      ("Reason", item.reason)]
        if let original = item.originalMessageID { fields.append(("Original", "message \(original)")) }
        if let resolution = item.resolution {
            fields.append(("Resolved", "\(Timestamp.iso(resolution.at)) by \(resolution.by): \(resolution.note)"))
        } else {
            fields.append(("Open", "`review resolve \(item.id) --note …`, or after fixing the cause `review replay \(item.id)`"))
        }
        // Prose wraps at spaces under its value column; the raw bytes below are cut, never reflowed.
        var lines = fields.flatMap { label, value in
            TextWrap.lines(ScreenText.sanitize(value), width: width - labelWidth).enumerated().map { index, piece in
                (index == 0 ? label : "").padding(toLength: labelWidth, withPad: " ", startingAt: 0) + piece
            }
        }
        lines.append("")
        lines.append("Message as received (\(raw.count) bytes)")
        for segment in RawMessageText.lines(raw) {
            lines += wrapped(ScreenText.sanitize(segment), width: width)
        }
        return lines
    }

    static let labelWidth = 11

    /// `segment` as lines at most `width` cells, indented two, continuations six; cut at the
    /// width, not at spaces, so nothing of a segment moves or goes.
    static func wrapped(_ segment: String, width: Int) -> [String] {
        TextWrap.cut(segment, width: width - 2, continuation: "    ").map { "  " + $0 }
    }
}
