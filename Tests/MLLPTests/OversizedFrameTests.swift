import MLLP
import NIOCore
import Testing

@Suite("MLLP oversized frames")
struct OversizedFrameTests {
    typealias F = Fixture

    /// An ORU whose embedded document makes it `bodyBytes` long after the MSH segment.
    static func largeMessage(bodyBytes: Int) -> [UInt8] {
        var body = F.bytes("\rOBX|1|ED|PDF^Report^L||^AP^PDF^Base64^")
        body += [UInt8](repeating: UInt8(ascii: "Q"), count: max(0, bodyBytes - body.count - 1))
        body += F.bytes("\r")
        return F.bytes(F.msh) + body
    }

    @Test func oversizedFrameKeepsOnlyTheHeadWhileStreaming() {
        let limit = 64 * 1024
        var decoder = MLLPFrameDecoder(maxFrameBytes: limit)
        let large = Self.largeMessage(bodyBytes: 1024 * 1024)
        let chunkSize = 4096
        let stream = F.framed(large) + F.framed(F.oru)

        var buffer = ByteBuffer()
        var events: [MLLPFrameEvent] = []
        var mostHeldAfterLimit = 0
        var mostRetained = 0
        for (index, chunk) in stream.chunked(chunkSize).enumerated() {
            buffer.writeBytes(chunk)
            while let event = decoder.nextEvent(from: &buffer) {
                events.append(event)
            }
            buffer.discardReadBytes()
            mostRetained = max(mostRetained, decoder.retainedByteCount)
            if (index + 1) * chunkSize > limit + 2 * chunkSize {
                mostHeldAfterLimit = max(mostHeldAfterLimit, buffer.readableBytes + decoder.retainedByteCount)
            }
        }

        #expect(events == [
            .frameStarted, .oversizedFrame(head: F.buffer(F.bytes(F.msh)), totalBytes: large.count),
            .frameStarted, F.message(F.oru),
        ])
        #expect(mostRetained == F.msh.utf8.count)
        // Past the limit only the head and at most one undecided <FS> (or the small next frame) stay.
        #expect(mostHeldAfterLimit <= F.msh.utf8.count + F.framed(F.oru).count)
    }

    @Test func defaultLimitIsSixteenMebibytes() throws {
        let harness = DecoderHarness()
        let large = Self.largeMessage(bodyBytes: 16 * 1024 * 1024)
        #expect(large.count == MLLPFrameDecoder.defaultMaxFrameBytes + F.msh.utf8.count)

        let events = try harness.feed(chunks: (F.framed(large) + F.framed(F.oru)).chunked(1024 * 1024))

        #expect(events == [
            .frameStarted, .oversizedFrame(head: F.buffer(F.bytes(F.msh)), totalBytes: large.count),
            .frameStarted, F.message(F.oru),
        ])
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var payloadBytes: Int
        var chunkSize: Int
        var isOversized: Bool
    }

    static let limitCases: [LimitCase] = [
        LimitCase(testDescription: "at the limit, one read", payloadBytes: 100, chunkSize: 1000, isOversized: false),
        LimitCase(testDescription: "at the limit, 7-byte reads", payloadBytes: 100, chunkSize: 7, isOversized: false),
        LimitCase(testDescription: "one over, one read", payloadBytes: 101, chunkSize: 1000, isOversized: true),
        LimitCase(testDescription: "one over, 7-byte reads", payloadBytes: 101, chunkSize: 7, isOversized: true),
        LimitCase(testDescription: "one over, byte by byte", payloadBytes: 101, chunkSize: 1, isOversized: true),
    ]

    @Test("the limit is on the payload length", arguments: limitCases)
    func limitBoundary(_ limit: LimitCase) throws {
        let segment = F.bytes("MSH|^~\\&|LAB\r")
        let payload = segment + [UInt8](repeating: UInt8(ascii: "x"), count: limit.payloadBytes - segment.count)
        let harness = DecoderHarness(MLLPFrameDecoder(maxFrameBytes: 100))

        let events = try harness.feed(chunks: (F.framed(payload) + F.framed(F.short)).chunked(limit.chunkSize))

        let first: MLLPFrameEvent = limit.isOversized
            ? .oversizedFrame(head: F.buffer(F.bytes("MSH|^~\\&|LAB")), totalBytes: payload.count)
            : F.message(payload)
        #expect(events == [.frameStarted, first, .frameStarted, F.message(F.short)])
    }

    struct HeadCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var payload: [UInt8]
        var head: [UInt8]
    }

    static let headCases: [HeadCase] = [
        HeadCase(
            testDescription: "ends at CR",
            payload: F.bytes("MSH|a|b\rPID|1\r") + [UInt8](repeating: 0x41, count: 200),
            head: F.bytes("MSH|a|b")),
        HeadCase(
            testDescription: "ends at LF",
            payload: F.bytes("MSH|a|b\nPID|1\n") + [UInt8](repeating: 0x41, count: 200),
            head: F.bytes("MSH|a|b")),
        HeadCase(
            testDescription: "capped when the segment is longer",
            payload: F.bytes("MSH|") + [UInt8](repeating: 0x41, count: 200),
            head: F.bytes("MSH|") + [UInt8](repeating: 0x41, count: 28)),
        HeadCase(
            testDescription: "empty when the payload starts with a terminator",
            payload: F.bytes("\r") + [UInt8](repeating: 0x41, count: 200),
            head: []),
    ]

    @Test("the head runs to the first segment terminator, capped", arguments: headCases)
    func headExtent(_ headCase: HeadCase) throws {
        let decoder = MLLPFrameDecoder(maxFrameBytes: 64, maxHeadBytes: 32)
        for chunkSize in [1, 5, 1000] {
            let events = try DecoderHarness(decoder).feed(chunks: F.framed(headCase.payload).chunked(chunkSize))
            #expect(events == [.frameStarted, .oversizedFrame(head: F.buffer(headCase.head), totalBytes: headCase.payload.count)],
                    "chunk size \(chunkSize)")
        }
    }

    @Test func startBlockInsideAnOversizedFrameRestarts() throws {
        let harness = DecoderHarness(MLLPFrameDecoder(maxFrameBytes: 100))
        let dropped = [UInt8](repeating: 0x41, count: 300)
        let events = try harness.feed(chunks: ([F.vt] + dropped + F.framed(F.short)).chunked(64))
        #expect(events == [.frameStarted, .frameRestarted(droppedBytes: 300), F.message(F.short)])
    }

    @Test func loneEndBlockInsideAnOversizedFrameIsPayload() throws {
        let harness = DecoderHarness(MLLPFrameDecoder(maxFrameBytes: 100))
        let payload = F.bytes("MSH|x\r") + [UInt8](repeating: 0x41, count: 150) + [F.fs] + [UInt8](repeating: 0x42, count: 50)
        let events = try harness.feed(chunks: F.framed(payload).chunked(157))
        #expect(events == [.frameStarted, .oversizedFrame(head: F.buffer(F.bytes("MSH|x")), totalBytes: payload.count)])
    }

    @Test func closeInsideAnOversizedFrameIsTruncated() throws {
        let harness = DecoderHarness(MLLPFrameDecoder(maxFrameBytes: 100))
        #expect(try harness.feed(chunks: ([F.vt] + [UInt8](repeating: 0x41, count: 250)).chunked(50)) == [.frameStarted])
        #expect(try harness.close() == [.truncatedFrame(receivedBytes: 250)])
    }
}
