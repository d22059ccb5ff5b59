/// Splits a file that may hold several messages into one byte array per message.
///
/// ```
/// plain:   [BOM] [FHS|…] [BHS|…] MSH|…<CR> …segments… MSH|…<CR> … [BTS|…] [FTS|…]
/// framed:  <VT> MSH|… <FS><CR> <VT> MSH|… <FS><CR>
/// ```
///
/// A message starts at a line beginning with `MSH` + a field separator and runs to the next such
/// line. Batch envelope lines (FHS, BHS, BTS, FTS) and anything before the first MSH are not
/// messages and are dropped; blank lines after a message are trimmed, so each message ends with its
/// last segment's terminator. A file holding both `0x0B` and `0x1C` is read as MLLP frames, as the
/// listener reads them: bytes outside frames are discarded, a second start block restarts the frame
/// (the partial one is dropped), an unterminated last frame runs to the end; each frame is then
/// split the same way.
public enum HL7FileSplitter {
    /// The messages in `bytes`, in order.
    public static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        if bytes.contains(startBlock), bytes.contains(endBlock) {
            return frames(bytes).flatMap { splitLines($0) }
        }
        return splitLines(bytes[...])
    }

    static let startBlock: UInt8 = 0x0B
    static let endBlock: UInt8 = 0x1C

    /// The payloads between `<VT>` and `<FS>`.
    static func frames(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var payloads: [ArraySlice<UInt8>] = []
        var index = 0
        while let start = bytes[index...].firstIndex(of: startBlock) {
            let payloadStart = start + 1
            let end = bytes[payloadStart...].firstIndex(where: { $0 == endBlock || $0 == startBlock }) ?? bytes.count
            if end < bytes.count, bytes[end] == startBlock {
                index = end
                continue
            }
            payloads.append(bytes[payloadStart..<end])
            // The CR after the end block is skipped with any junk before the next start block.
            index = min(end + 1, bytes.count)
        }
        return payloads
    }

    static func splitLines(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var messageStart: Int?
        var contentEnd = bytes.startIndex
        var lineStart = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart += 3 }

        func close() {
            if let start = messageStart, contentEnd > start { messages.append(Array(bytes[start..<contentEnd])) }
            messageStart = nil
        }

        while lineStart < bytes.endIndex {
            var lineEnd = lineStart
            while lineEnd < bytes.endIndex, bytes[lineEnd] != 0x0D, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var next = lineEnd
            if next < bytes.endIndex { next += bytes[next] == 0x0D && next + 1 < bytes.endIndex && bytes[next + 1] == 0x0A ? 2 : 1 }

            switch lineKind(bytes[lineStart..<lineEnd]) {
            case .header:
                close()
                messageStart = lineStart
                contentEnd = next
            case .envelope:
                close()
            case .blank:
                break
            case .content:
                if messageStart != nil { contentEnd = next }
            }
            lineStart = next
        }
        close()
        return messages
    }

    enum LineKind { case header, envelope, blank, content }

    static func lineKind(_ line: ArraySlice<UInt8>) -> LineKind {
        if line.isEmpty { return .blank }
        guard line.count >= 4 else { return .content }
        let id = (line[line.startIndex], line[line.startIndex + 1], line[line.startIndex + 2])
        guard HL7Parser.isUsableDelimiter(line[line.startIndex + 3]) else { return .content }
        switch id {
        case (0x4D, 0x53, 0x48):
            // A wrapped text line may happen to start with "MSH-"; a header declares valid delimiters.
            return HL7Parser.declaresDelimiters(line) ? .header : .content
        case (0x46, 0x48, 0x53), (0x42, 0x48, 0x53), (0x42, 0x54, 0x53), (0x46, 0x54, 0x53):  // FHS BHS BTS FTS
            return .envelope
        default:
            return .content
        }
    }
}
