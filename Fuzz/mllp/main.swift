import CareQueueSimulator
import MLLP

/// libFuzzer target: the MLLP frame scanner.
///
/// Oracles, for three pairs of limits (the listener's defaults, zero, and small limits taken from
/// the input so oversized frames are common):
/// - the scanner's events and payload bytes equal `ReferenceFramer`'s over the whole stream, read
///   whole and in pieces: one byte at a time, at lengths derived from the input, and cut right
///   after every `<VT>`, `<FS>` and `<CR>`;
/// - every step keeps the scanner's contract (see `ChunkedScan`), and after the end of the stream
///   the consumed counts add up to the stream's length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let stream = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = [stream.count]
    let byteByByte = [Int](repeating: 1, count: stream.count)
    let derived = derivedReadLengths(stream)
    let cutAfterBlockBytes = readLengthsCuttingAfterBlockBytes(stream)
    // Splitting byte by byte costs the most, so it runs once, with the limits that reach every path.
    let runs: [(maxFrame: Int, maxHead: Int, splits: [[Int]])] = [
        (MLLPFrameScanner.defaultMaxFrameBytes, MLLPFrameScanner.defaultMaxHeadBytes, [whole, derived]),
        (0, 0, [whole, cutAfterBlockBytes]),
        (Int(stream.first ?? 0) % 64, Int(stream.last ?? 0) % 16, [whole, byteByByte, derived, cutAfterBlockBytes]),
    ]
    for (maxFrame, maxHead, splits) in runs {
        let expected = Seen.mergingJunk(ReferenceFramer(maxFrameBytes: maxFrame, maxHeadBytes: maxHead).frames(stream))
        for readLengths in splits {
            let seen = Seen.mergingJunk(ChunkedScan.events(stream, readLengths: readLengths, maxFrameBytes: maxFrame, maxHeadBytes: maxHead))
            if seen != expected {
                fatalError("mllp: limits \(maxFrame)/\(maxHead), \(readLengths.count) reads: \(seen) but the reference framer saw \(expected)")
            }
        }
    }
    return 0
}

/// Read lengths from 1 to 64 drawn from a generator seeded with the input's hash, so each input
/// has its own split and a reproducer replays it.
func derivedReadLengths(_ stream: [UInt8]) -> [Int] {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in stream {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
    }
    var generator = SplitMix64(seed: hash)
    var lengths: [Int] = []
    var total = 0
    while total < stream.count {
        let length = Int(generator.next() % (1 << (generator.next() % 7))) + 1
        lengths.append(length)
        total += length
    }
    return lengths
}

/// Reads that end right after each block byte, the boundaries where a scanner must remember state.
func readLengthsCuttingAfterBlockBytes(_ stream: [UInt8]) -> [Int] {
    var lengths: [Int] = []
    var start = 0
    for (index, byte) in stream.enumerated() where byte == 0x0B || byte == 0x1C || byte == 0x0D {
        lengths.append(index + 1 - start)
        start = index + 1
    }
    return lengths
}
