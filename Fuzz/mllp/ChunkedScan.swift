import MLLP

/// Feeds a stream to an `MLLPFrameScanner` in given reads, the way a socket reader must, and
/// checks the scanner's contract at every step (an oracle failure traps with its reason).
struct ChunkedScan {
    private var scanner: MLLPFrameScanner
    /// Everything fed so far; `readIndex` is where the unread bytes start.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private(set) var seen: [Seen] = []

    init(maxFrameBytes: Int, maxHeadBytes: Int) {
        scanner = MLLPFrameScanner(maxFrameBytes: maxFrameBytes, maxHeadBytes: maxHeadBytes)
    }

    /// The events for `stream` read in pieces of the given lengths (the rest in one last read).
    static func events(_ stream: [UInt8], readLengths: [Int], maxFrameBytes: Int, maxHeadBytes: Int) -> [Seen] {
        var scan = ChunkedScan(maxFrameBytes: maxFrameBytes, maxHeadBytes: maxHeadBytes)
        scan.buffer.reserveCapacity(stream.count)
        var start = 0
        for length in readLengths where start < stream.count {
            let end = min(stream.count, start + length)
            scan.feed(stream[start..<end])
            start = end
        }
        if start < stream.count { scan.feed(stream[start...]) }
        scan.finish(streamLength: stream.count)
        return scan.seen
    }

    mutating func feed(_ read: ArraySlice<UInt8>) {
        buffer += read
        while true {
            let unread = buffer.count - readIndex
            let step = scanner.next(buffer[readIndex...])
            check(step, unread: unread)
            record(step)
            guard step.event == nil else { continue }
            // "Need more data" must be stable: asked again with the same bytes, nothing changes.
            let again = scanner.next(buffer[readIndex...])
            if again != MLLPFrameScanner.Step(event: nil, consumed: 0) {
                fatalError("mllp: a repeated step without new bytes gave \(again)")
            }
            return
        }
    }

    /// Ends the stream; every byte must then be accounted for.
    mutating func finish(streamLength: Int) {
        let step = scanner.endOfStream(unconsumedBytes: buffer.count - readIndex)
        record(step)
        if readIndex != streamLength {
            fatalError("mllp: consumed \(readIndex) of \(streamLength) bytes at the end of the stream")
        }
        if scanner.retainedByteCount != 0 {
            fatalError("mllp: \(scanner.retainedByteCount) bytes retained after the end of the stream")
        }
    }

    private func check(_ step: MLLPFrameScanner.Step, unread: Int) {
        if step.consumed < 0 || step.consumed > unread {
            fatalError("mllp: a step consumed \(step.consumed) of \(unread) unread bytes")
        }
        if step.event != nil, step.consumed == 0 {
            fatalError("mllp: an event consumed nothing: a reader looping on events would spin")
        }
        if case .message(let payloadBytes)? = step.event, payloadBytes + 2 != step.consumed {
            fatalError("mllp: a message of \(payloadBytes) bytes consumed \(step.consumed)")
        }
        if scanner.retainedByteCount > scanner.maxHeadBytes {
            fatalError("mllp: retained \(scanner.retainedByteCount) bytes, more than maxHeadBytes \(scanner.maxHeadBytes)")
        }
    }

    private mutating func record(_ step: MLLPFrameScanner.Step) {
        switch step.event {
        case nil: break
        case .frameStarted?: seen.append(.frameStarted)
        case .message(let payloadBytes)?: seen.append(.message(Array(buffer[readIndex..<readIndex + payloadBytes])))
        case .oversizedFrame(let head, let total)?: seen.append(.oversizedFrame(head: head, totalBytes: total))
        case .junkDiscarded(let count)?: seen.append(.junkDiscarded(count))
        case .frameRestarted(let dropped)?: seen.append(.frameRestarted(droppedBytes: dropped))
        case .truncatedFrame(let received)?: seen.append(.truncatedFrame(receivedBytes: received))
        }
        readIndex += step.consumed
    }
}
