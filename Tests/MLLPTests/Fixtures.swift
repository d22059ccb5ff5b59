import MLLP
import NIOCore
import NIOEmbedded

/// Synthetic HL7 payloads (no real patient data) and byte helpers for the MLLP tests.
enum Fixture {
    static let vt = MLLPFraming.startBlock
    static let fs = MLLPFraming.endBlock
    static let cr = MLLPFraming.carriageReturn

    static let msh = #"MSH|^~\&|LAB|ACME LAB|CAREQUEUE|CLINIC|20250101120000||ORU^R01^ORU_R01|CTRL0001|P|2.5.1"#

    /// A small ORU^R01 with `\r` segment terminators.
    static let oru = bytes(
        msh + "\r"
            + "PID|1||TEST-0001^^^ACME^MR||TEST^SYNTHETIC\r"
            + "OBR|1||F0001|2823-3^Potassium^LN\r"
            + "OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F\r"
    )

    /// A frame small enough for tests that set a tiny `maxFrameBytes`.
    static let short = bytes("MSH|^~\\&|NEXT\r")

    /// A payload holding a lone `<FS>` (not followed by `<CR>`), which is payload.
    static let withLoneEndBlock = bytes("MSH|^~\\&|LAB|ACME|CQ|CLINIC|20250101||ORU^R01|CTRL0002|P|2.5.1\rNTE|1||a") + [fs] + bytes("b\r")

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    static func framed(_ payload: [UInt8]) -> [UInt8] { [vt] + payload + [fs, cr] }

    static func message(_ payload: [UInt8]) -> MLLPFrameEvent { .message(buffer(payload)) }
}

/// Feeds bytes through `ByteToMessageHandler(MLLPFrameDecoder)` on an `EmbeddedChannel`.
struct DecoderHarness {
    let channel: EmbeddedChannel

    init(_ decoder: MLLPFrameDecoder = MLLPFrameDecoder()) {
        channel = EmbeddedChannel(handler: ByteToMessageHandler(decoder))
    }

    /// Feeds one read's worth of bytes; returns the events it produced.
    func feed(_ bytes: [UInt8]) throws -> [MLLPFrameEvent] {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        return try drain()
    }

    /// Feeds each chunk as its own read; returns all events.
    func feed(chunks: [[UInt8]]) throws -> [MLLPFrameEvent] {
        try chunks.flatMap { try feed($0) }
    }

    /// Closes the channel (the peer hung up); returns what the decoder reported at the end.
    func close() throws -> [MLLPFrameEvent] {
        try channel.close().wait()
        return try drain()
    }

    private func drain() throws -> [MLLPFrameEvent] {
        var events: [MLLPFrameEvent] = []
        while let event = try channel.readInbound(as: MLLPFrameEvent.self) {
            events.append(event)
        }
        return events
    }
}

/// A seeded generator (SplitMix64) so random split points replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// The bytes cut at `cuts` (sorted offsets inside the array).
    func split(at cuts: [Int]) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var start = 0
        for cut in cuts where cut > start && cut < count {
            chunks.append([UInt8](self[start..<cut]))
            start = cut
        }
        chunks.append([UInt8](self[start...]))
        return chunks
    }

    /// The bytes in consecutive chunks of `size`.
    func chunked(_ size: Int) -> [[UInt8]] {
        split(at: [Int](Swift.stride(from: size, to: count, by: size)))
    }
}
