import MLLP
import NIOCore
import NIOEmbedded
import Testing

@Suite("MLLP frame encoder")
struct MLLPFrameEncoderTests {
    typealias F = Fixture

    struct PayloadCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var payload: [UInt8]
    }

    static let payloads: [PayloadCase] = [
        PayloadCase(testDescription: "an ORU", payload: F.oru),
        PayloadCase(testDescription: "empty", payload: []),
        PayloadCase(testDescription: "UTF-8 text", payload: F.bytes("MSH|^~\\&|LAB\rPID|1||X||TÉST^PÁTIENT\r")),
    ]

    @Test("encoder writes <VT> payload <FS><CR>", arguments: payloads)
    func encoderOutputBytes(_ payloadCase: PayloadCase) throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(MLLPFrameEncoder()))
        try channel.writeOutbound(F.buffer(payloadCase.payload))
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))

        #expect(Array(written.readableBytesView) == [0x0B] + payloadCase.payload + [0x1C, 0x0D])
        #expect(MLLPFraming.frame(payloadCase.payload) == Array(written.readableBytesView))
        #expect(try channel.finish().isClean)
    }

    @Test("writeFrame appends one frame and counts it", arguments: payloads)
    func writeFrame(_ payloadCase: PayloadCase) {
        var buffer = F.buffer(F.bytes("before"))
        let written = MLLPFraming.writeFrame(payloadCase.payload, to: &buffer)
        #expect(written == payloadCase.payload.count + 3)
        #expect(Array(buffer.readableBytesView) == F.bytes("before") + MLLPFraming.frame(payloadCase.payload))
    }

    @Test("encoded frames decode to the same payload", arguments: payloads)
    func roundTrip(_ payloadCase: PayloadCase) throws {
        let events = try DecoderHarness().feed(MLLPFraming.frame(payloadCase.payload))
        #expect(events == [.frameStarted, F.message(payloadCase.payload)])
    }
}
