/// The MLLP framing rules written the plainest way: one byte at a time over the whole stream.
///
/// It shares no code with `MLLPFrameScanner` (no memchr, no remembered search position, no
/// streaming of oversized frames), so agreement between the two is evidence, not an echo.
struct ReferenceFramer {
    let maxFrameBytes: Int
    let maxHeadBytes: Int

    func frames(_ stream: [UInt8]) -> [Seen] {
        var seen: [Seen] = []
        var inFrame = false
        // A payload is always one run of the stream: from after its start block to its end block.
        var payloadStart = 0
        var junk = 0
        var index = 0
        while index < stream.count {
            let byte = stream[index]
            index += 1
            if !inFrame {
                guard byte == 0x0B else {
                    junk += 1
                    continue
                }
                if junk > 0 { seen.append(.junkDiscarded(junk)) }
                junk = 0
                seen.append(.frameStarted)
                inFrame = true
                payloadStart = index
            } else if byte == 0x0B {
                seen.append(.frameRestarted(droppedBytes: index - 1 - payloadStart))
                payloadStart = index
            } else if byte == 0x1C, index < stream.count, stream[index] == 0x0D {
                let payload = stream[payloadStart..<index - 1]
                index += 1
                seen.append(payload.count > maxFrameBytes
                    ? .oversizedFrame(head: head(payload), totalBytes: payload.count) : .message(Array(payload)))
                inFrame = false
            }
        }
        if inFrame {
            seen.append(.truncatedFrame(receivedBytes: stream.count - payloadStart))
        } else if junk > 0 {
            seen.append(.junkDiscarded(junk))
        }
        return seen
    }

    /// The payload up to its first `\r` or `\n`, at most `maxHeadBytes`.
    private func head(_ payload: ArraySlice<UInt8>) -> [UInt8] {
        var head: [UInt8] = []
        for byte in payload.prefix(maxHeadBytes) {
            if byte == 0x0D || byte == 0x0A { break }
            head.append(byte)
        }
        return head
    }
}
