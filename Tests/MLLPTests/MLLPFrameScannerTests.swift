import MLLP
import Testing

@Suite("MLLP frame scanner (no NIO)")
struct MLLPFrameScannerTests {
    typealias F = Fixture

    /// A payload over the small limit these tests set, with a head that ends at its first `\r`.
    static let large = F.bytes("MSH|^~\\&|BIG\r") + [UInt8](repeating: UInt8(ascii: "Q"), count: 400) + F.bytes("\r")

    /// Every rule at least once: junk, frames, a lone `<FS>`, a restart, an oversized frame, a
    /// restart inside an oversized frame, an empty frame, and a frame cut off by the end of the stream.
    static let everything: [UInt8] =
        F.bytes("noise\r\n") + F.framed(F.oru) + F.bytes("\n") + F.framed(F.withLoneEndBlock)
            + [F.vt] + F.bytes("MSH|dropped") + F.framed(F.short)
            + F.framed(large)
            + [F.vt] + [UInt8](repeating: 0x41, count: 400) + F.framed(F.short)
            + F.framed([]) + [F.fs, F.cr]
            + [F.vt] + F.bytes("MSH|cut off") + [F.fs]

    static let everythingScanned: [Scanned] = [
        .event(.junkDiscarded(byteCount: 7)), .event(.frameStarted), .message(F.oru),
        .event(.junkDiscarded(byteCount: 1)), .event(.frameStarted), .message(F.withLoneEndBlock),
        .event(.frameStarted), .event(.frameRestarted(droppedBytes: 11)), .message(F.short),
        .event(.frameStarted), .event(.oversizedFrame(head: F.bytes("MSH|^~\\&|BIG"), totalBytes: large.count)),
        .event(.frameStarted), .event(.frameRestarted(droppedBytes: 400)), .message(F.short),
        .event(.frameStarted), .message([]), .event(.junkDiscarded(byteCount: 2)),
        .event(.frameStarted), .event(.truncatedFrame(receivedBytes: 12)),
    ]

    static func scanner() -> MLLPFrameScanner { MLLPFrameScanner(maxFrameBytes: 256, maxHeadBytes: 32) }

    @Test func wholeStreamGivesEveryEventInOrder() {
        var driver = ScannerDriver(scanner: Self.scanner())
        driver.feed(Self.everything)
        driver.close()
        #expect(driver.scanned == Self.everythingScanned)
        #expect(driver.consumed == Self.everything.count)
        #expect(driver.scanner.retainedByteCount == 0)
    }

    @Test func oneByteAtATimeGivesTheSameEvents() {
        var driver = ScannerDriver(scanner: Self.scanner())
        for byte in Self.everything {
            driver.feed([byte])
        }
        driver.close()
        #expect(Scanned.mergingJunk(driver.scanned) == Self.everythingScanned)
        #expect(driver.consumed == Self.everything.count)
    }

    @Test("split at seeded random points, the same events", arguments: Array(UInt64(1)...40))
    func randomSplitPoints(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let stream = Self.everything
        let cutCount = Int.random(in: 1...80, using: &generator)
        let cuts = (0..<cutCount).map { _ in Int.random(in: 1..<stream.count, using: &generator) }.sorted()

        var driver = ScannerDriver(scanner: Self.scanner())
        for chunk in stream.split(at: cuts) {
            driver.feed(chunk)
        }
        driver.close()

        #expect(Scanned.mergingJunk(driver.scanned) == Self.everythingScanned)
        #expect(driver.consumed == stream.count)
    }

    @Test func junkIsCountedPerRead() {
        var driver = ScannerDriver(scanner: Self.scanner())
        driver.feed(F.bytes("abc"))
        driver.feed(F.bytes("de") + [F.vt])
        #expect(driver.scanned == [.event(.junkDiscarded(byteCount: 3)), .event(.junkDiscarded(byteCount: 2)), .event(.frameStarted)])
    }

    @Test func messagePayloadIsTheFrontOfTheStepInput() {
        var scanner = Self.scanner()
        let bytes = F.framed(F.short) + F.bytes("after")
        #expect(scanner.next(bytes[...]) == MLLPFrameScanner.Step(event: .frameStarted, consumed: 1))
        #expect(scanner.next(bytes[1...]) == MLLPFrameScanner.Step(event: .message(payloadBytes: F.short.count), consumed: F.short.count + 2))
    }

    @Test func anOpenFrameIsNotConsumedUntilItEnds() {
        var scanner = Self.scanner()
        let partial = F.bytes("MSH|abc")
        _ = scanner.next([F.vt][...])
        #expect(scanner.next(partial[...]) == MLLPFrameScanner.Step(event: nil, consumed: 0))
        // Asked again with the same bytes (as a NIO pipeline may), it still needs more.
        #expect(scanner.next(partial[...]) == MLLPFrameScanner.Step(event: nil, consumed: 0))
        #expect(scanner.endOfStream(unconsumedBytes: partial.count)
                    == MLLPFrameScanner.Step(event: .truncatedFrame(receivedBytes: partial.count), consumed: partial.count))
    }

    @Test func anOversizedFrameIsConsumedAsItStreamsPast() {
        var scanner = MLLPFrameScanner(maxFrameBytes: 8, maxHeadBytes: 4)
        _ = scanner.next([F.vt][...])
        let step = scanner.next(F.bytes("MSH|abcdefgh")[...])
        #expect(step == MLLPFrameScanner.Step(event: nil, consumed: 12))
        #expect(scanner.retainedByteCount == 4)
    }
}

/// A scanner event with a message's payload copied out, so differently split streams compare.
enum Scanned: Equatable, CustomStringConvertible {
    case event(MLLPFrameScanner.Event)
    case message([UInt8])

    var description: String {
        switch self {
        case .event(let event): return "\(event)"
        case .message(let payload): return "message(\(payload.count) bytes)"
        }
    }

    /// `events` with adjacent `.junkDiscarded` counts added up: junk is reported per read.
    static func mergingJunk(_ events: [Scanned]) -> [Scanned] {
        var merged: [Scanned] = []
        for event in events {
            if case .event(.junkDiscarded(let count)) = event, case .event(.junkDiscarded(let before))? = merged.last {
                merged[merged.count - 1] = .event(.junkDiscarded(byteCount: before + count))
            } else {
                merged.append(event)
            }
        }
        return merged
    }
}

/// Keeps the unread bytes the way a reader must: append each read, step until a step has no event.
struct ScannerDriver {
    var scanner: MLLPFrameScanner
    var unread: [UInt8] = []
    var scanned: [Scanned] = []
    var consumed = 0

    mutating func feed(_ chunk: [UInt8]) {
        unread += chunk
        while true {
            let step = scanner.next(unread[...])
            record(step)
            if step.event == nil { return }
        }
    }

    mutating func close() {
        record(scanner.endOfStream(unconsumedBytes: unread.count))
    }

    private mutating func record(_ step: MLLPFrameScanner.Step) {
        switch step.event {
        case .message(let payloadBytes)?: scanned.append(.message(Array(unread[..<payloadBytes])))
        case let event?: scanned.append(.event(event))
        case nil: break
        }
        unread.removeFirst(step.consumed)
        consumed += step.consumed
    }
}
