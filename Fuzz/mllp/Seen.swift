/// One thing a framer reported, payload bytes included, so two framers' outputs compare directly.
enum Seen: Equatable, CustomStringConvertible {
    case frameStarted
    case message([UInt8])
    case oversizedFrame(head: [UInt8], totalBytes: Int)
    case junkDiscarded(Int)
    case frameRestarted(droppedBytes: Int)
    case truncatedFrame(receivedBytes: Int)

    var description: String {
        switch self {
        case .frameStarted: return "started"
        case .message(let payload): return "message(\(payload.count))"
        case .oversizedFrame(let head, let total): return "oversized(head \(head.count), total \(total))"
        case .junkDiscarded(let count): return "junk(\(count))"
        case .frameRestarted(let dropped): return "restarted(\(dropped))"
        case .truncatedFrame(let received): return "truncated(\(received))"
        }
    }

    /// `events` with adjacent junk counts added up: junk is reported once per read, so only the
    /// total between two other events is the same however the stream was split.
    static func mergingJunk(_ events: [Seen]) -> [Seen] {
        var merged: [Seen] = []
        for event in events {
            if case .junkDiscarded(let count) = event, case .junkDiscarded(let before)? = merged.last {
                merged[merged.count - 1] = .junkDiscarded(before + count)
            } else {
                merged.append(event)
            }
        }
        return merged
    }
}
