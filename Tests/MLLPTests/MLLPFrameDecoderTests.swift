import MLLP
import NIOCore
import Testing

@Suite("MLLP frame decoder")
struct MLLPFrameDecoderTests {
    typealias F = Fixture

    @Test func frameFedOneByteAtATime() throws {
        let harness = DecoderHarness()
        var events: [MLLPFrameEvent] = []
        for byte in F.framed(F.oru) {
            events += try harness.feed([byte])
        }
        #expect(events == [.frameStarted, F.message(F.oru)])
    }

    @Test func frameStartedIsReportedBeforeTheFrameCompletes() throws {
        let harness = DecoderHarness()
        #expect(try harness.feed([F.vt] + F.bytes("MSH|")) == [.frameStarted])
        #expect(try harness.feed(F.bytes("^~\\&")) == [])
        #expect(try harness.feed([F.fs, F.cr]) == [F.message(F.bytes("MSH|^~\\&"))])
    }

    static let seeds: [UInt64] = Array(1...40)

    @Test("back-to-back frames split at seeded random points", arguments: seeds)
    func randomSplitPoints(seed: UInt64) throws {
        let payloads = [F.oru, F.withLoneEndBlock, [], F.oru + F.oru]
        let stream = payloads.flatMap(F.framed)
        var generator = SeededGenerator(seed: seed)
        let cutCount = Int.random(in: 1...60, using: &generator)
        let cuts = (0..<cutCount).map { _ in Int.random(in: 1..<stream.count, using: &generator) }.sorted()

        let events = try DecoderHarness().feed(chunks: stream.split(at: cuts))

        #expect(events == payloads.flatMap { [.frameStarted, F.message($0)] })
    }

    struct JunkCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var stream: [UInt8]
        var expected: [MLLPFrameEvent]
    }

    static let junkCases: [JunkCase] = [
        JunkCase(
            testDescription: "noise before the first frame",
            stream: F.bytes("garbage") + F.framed(F.oru),
            expected: [.junkDiscarded(byteCount: 7), .frameStarted, F.message(F.oru)]),
        JunkCase(
            testDescription: "CR LF between frames",
            stream: F.framed(F.oru) + F.bytes("\r\n") + F.framed(F.oru),
            expected: [.frameStarted, F.message(F.oru), .junkDiscarded(byteCount: 2), .frameStarted, F.message(F.oru)]),
        JunkCase(
            testDescription: "a stray end block between frames",
            stream: F.framed(F.oru) + [F.fs, F.cr] + F.framed(F.oru),
            expected: [.frameStarted, F.message(F.oru), .junkDiscarded(byteCount: 2), .frameStarted, F.message(F.oru)]),
        JunkCase(
            testDescription: "unframed HL7 only",
            stream: F.oru,
            expected: [.junkDiscarded(byteCount: F.oru.count)]),
    ]

    @Test("bytes before a start block are discarded", arguments: junkCases)
    func junkBeforeFrame(_ junkCase: JunkCase) throws {
        let harness = DecoderHarness()
        #expect(try harness.feed(junkCase.stream) == junkCase.expected)
        #expect(try harness.close() == [])
    }

    @Test func junkSplitAcrossReadsIsCountedPerRead() throws {
        let harness = DecoderHarness()
        #expect(try harness.feed(F.bytes("abc")) == [.junkDiscarded(byteCount: 3)])
        #expect(try harness.feed(F.bytes("de") + [F.vt]) == [.junkDiscarded(byteCount: 2), .frameStarted])
    }

    struct RestartCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var stream: [UInt8]
        var dropped: Int
    }

    static let restartCases: [RestartCase] = [
        RestartCase(testDescription: "inside a payload", stream: [F.vt] + F.bytes("MSH|partial") + F.framed(F.oru), dropped: 11),
        RestartCase(testDescription: "right after the start block", stream: [F.vt] + F.framed(F.oru), dropped: 0),
        RestartCase(testDescription: "after a lone end block", stream: [F.vt] + F.bytes("ab") + [F.fs] + F.framed(F.oru), dropped: 3),
    ]

    @Test("a second start block restarts the frame", arguments: restartCases)
    func secondStartBlock(_ restart: RestartCase) throws {
        let events = try DecoderHarness().feed(restart.stream)
        #expect(events == [.frameStarted, .frameRestarted(droppedBytes: restart.dropped), F.message(F.oru)])
    }

    struct LoneEndBlockCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var chunks: [[UInt8]]
        var payload: [UInt8]
    }

    static let loneEndBlockCases: [LoneEndBlockCase] = [
        LoneEndBlockCase(
            testDescription: "in the middle of a segment",
            chunks: [F.framed(F.withLoneEndBlock)],
            payload: F.withLoneEndBlock),
        LoneEndBlockCase(
            testDescription: "just before the end block",
            chunks: [[F.vt] + F.bytes("MSH|a") + [F.fs, F.fs, F.cr]],
            payload: F.bytes("MSH|a") + [F.fs]),
        LoneEndBlockCase(
            testDescription: "as the last byte of a read",
            chunks: [[F.vt] + F.bytes("MSH|a") + [F.fs], F.bytes("b") + [F.fs, F.cr]],
            payload: F.bytes("MSH|a") + [F.fs] + F.bytes("b")),
        LoneEndBlockCase(
            testDescription: "followed by LF instead of CR",
            chunks: [[F.vt] + F.bytes("MSH|a") + [F.fs] + F.bytes("\n") + [F.fs, F.cr]],
            payload: F.bytes("MSH|a") + [F.fs] + F.bytes("\n")),
    ]

    @Test("<FS> not followed by <CR> is payload", arguments: loneEndBlockCases)
    func loneEndBlock(_ lone: LoneEndBlockCase) throws {
        let events = try DecoderHarness().feed(chunks: lone.chunks)
        #expect(events == [.frameStarted, F.message(lone.payload)])
    }

    struct CloseCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var stream: [UInt8]
        var beforeClose: [MLLPFrameEvent]
        var atClose: [MLLPFrameEvent]
    }

    static let closeCases: [CloseCase] = [
        CloseCase(
            testDescription: "in the payload",
            stream: [F.vt] + F.bytes("MSH|abc"),
            beforeClose: [.frameStarted],
            atClose: [.truncatedFrame(receivedBytes: 7)]),
        CloseCase(
            testDescription: "between <FS> and <CR>",
            stream: [F.vt] + F.bytes("MSH|abc") + [F.fs],
            beforeClose: [.frameStarted],
            atClose: [.truncatedFrame(receivedBytes: 8)]),
        CloseCase(
            testDescription: "right after the start block",
            stream: F.framed(F.oru) + [F.vt],
            beforeClose: [.frameStarted, F.message(F.oru), .frameStarted],
            atClose: [.truncatedFrame(receivedBytes: 0)]),
        CloseCase(
            testDescription: "between frames",
            stream: F.framed(F.oru),
            beforeClose: [.frameStarted, F.message(F.oru)],
            atClose: []),
    ]

    @Test("a connection closed mid-frame yields no message", arguments: closeCases)
    func closeMidFrame(_ close: CloseCase) throws {
        let harness = DecoderHarness()
        #expect(try harness.feed(close.stream) == close.beforeClose)
        #expect(try harness.close() == close.atClose)
    }

    @Test func nextEventSplitsFramedBytesWithoutAChannel() {
        var decoder = MLLPFrameDecoder()
        var buffer = F.buffer(F.framed(F.oru) + F.bytes("\n") + F.framed(F.withLoneEndBlock) + [F.vt] + F.bytes("MSH"))
        var events: [MLLPFrameEvent] = []
        while let event = decoder.nextEvent(from: &buffer) {
            events.append(event)
        }
        if let last = decoder.endOfStream(&buffer) {
            events.append(last)
        }
        #expect(events == [
            .frameStarted, F.message(F.oru), .junkDiscarded(byteCount: 1),
            .frameStarted, F.message(F.withLoneEndBlock),
            .frameStarted, .truncatedFrame(receivedBytes: 3),
        ])
        #expect(buffer.readableBytes == 0)
    }
}
