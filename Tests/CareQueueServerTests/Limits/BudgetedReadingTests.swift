import CareQueueCore
@testable import CareQueueServer
import Foundation
import Logging
import MLLP
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

/// Counts the `read()` calls that get past the reader, i.e. the socket reads it allows.
private final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var reads = 0

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
}

/// Keeps the frame events and pause notices the reader sends up.
private final class Collector: ChannelInboundHandler {
    typealias InboundIn = MLLPFrameEvent
    var events: [MLLPFrameEvent] = []
    var notices: [ReadingPaused] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        events.append(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let notice = event as? ReadingPaused { notices.append(notice) }
    }
}

/// One connection's pipeline: read counter, budgeted reader, collector.
private struct Connection {
    let channel = EmbeddedChannel()
    let counter = ReadCounter()
    let collector = Collector()

    init(maxFrameBytes: Int, budget: BufferBudget) throws {
        try channel.pipeline.syncOperations.addHandlers([
            counter, BudgetedFrameReader(maxFrameBytes: maxFrameBytes, budget: budget), collector,
        ])
    }

    func send(_ bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        channel.read()
        channel.embeddedEventLoop.run()
    }

    func answer(_ payloadBytes: Int) {
        channel.triggerUserOutboundEvent(MessageAnswered(payloadBytes: payloadBytes), promise: nil)
        channel.embeddedEventLoop.run()
    }

    var messages: [Int] {
        collector.events.compactMap { if case .message(let payload) = $0 { payload.readableBytes } else { nil } }
    }
}

@Suite("The buffer budget inside a connection (embedded channels)")
struct BudgetedReadingTests {
    static let maxFrame = 300_000
    static let start: [UInt8] = [0x0B]
    static let end: [UInt8] = [0x1C, 0x0D]

    @Test("everyday messages never touch the budget and every read goes through")
    func smallMessages() throws {
        let budget = BufferBudget(capacity: Self.maxFrame + 3)
        let connection = try Connection(maxFrameBytes: Self.maxFrame, budget: budget)
        for _ in 0..<5 {
            try connection.send(Self.start + Array(repeating: 0x41, count: 2_000) + Self.end)
            connection.answer(2_000)
        }
        #expect(connection.messages == Array(repeating: 2_000, count: 5))
        #expect(connection.counter.reads == 5)
        #expect(connection.collector.notices.isEmpty)
        #expect(budget.availableBytes == budget.capacity)
    }

    @Test("a second large frame waits for the first one's answer, then reads on; nothing is lost")
    func largeFramesTakeTurns() throws {
        let budget = BufferBudget(capacity: Self.maxFrame + 3)
        let first = try Connection(maxFrameBytes: Self.maxFrame, budget: budget)
        let second = try Connection(maxFrameBytes: Self.maxFrame, budget: budget)

        try first.send(Self.start + Array(repeating: 0x41, count: 200_000))
        #expect(first.counter.reads == 1, "the whole budget was free: granted at once")
        #expect(first.collector.notices.isEmpty)
        #expect(budget.availableBytes == 0)

        try second.send(Self.start + Array(repeating: 0x42, count: 200_000))
        #expect(second.counter.reads == 0, "its sender's next bytes stay in the kernel")
        #expect(second.collector.notices == [.paused])

        try first.send(Array(repeating: 0x41, count: 50_000) + Self.end)
        #expect(first.messages == [250_000])
        #expect(second.counter.reads == 0, "a message still being stored holds its share")
        first.answer(250_000)
        second.channel.embeddedEventLoop.run()
        #expect(second.counter.reads == 1)
        #expect(second.collector.notices == [.paused, .resumed])

        try second.send(Array(repeating: 0x42, count: 100_000) + Self.end)
        #expect(second.messages == [300_000])
        second.answer(300_000)
        #expect(budget.availableBytes == budget.capacity)
    }

    @Test("a connection closed while waiting leaves the line, and one closed holding a share returns it")
    func closingGivesBack() throws {
        let budget = BufferBudget(capacity: Self.maxFrame + 3)
        let holder = try Connection(maxFrameBytes: Self.maxFrame, budget: budget)
        let waiter = try Connection(maxFrameBytes: Self.maxFrame, budget: budget)
        try holder.send(Self.start + Array(repeating: 0x41, count: 200_000))
        try waiter.send(Self.start + Array(repeating: 0x42, count: 200_000))
        #expect(budget.waiting == 1)

        _ = try waiter.channel.finish()
        #expect(budget.waiting == 0)
        #expect(waiter.collector.events.last == .truncatedFrame(receivedBytes: 200_000))
        _ = try holder.channel.finish()
        #expect(budget.availableBytes == budget.capacity)
    }

    @Test("an oversized frame streams past without a share: only its head is held")
    func oversizedNeedsNoShare() throws {
        let budget = BufferBudget(capacity: Self.maxFrame + 3)
        let connection = try Connection(maxFrameBytes: 100_000, budget: budget)
        let message = Array("MSH|^~\\&|LAB\r".utf8) + Array(repeating: 0x41, count: 60_000)
        try connection.send(Self.start + message)
        for _ in 0..<10 { try connection.send(Array(repeating: 0x41, count: 60_000)) }
        try connection.send(Self.end)
        #expect(connection.counter.reads == 12)
        #expect(budget.availableBytes == budget.capacity)
        guard case .oversizedFrame(_, let total) = connection.collector.events.last else {
            Issue.record("expected an oversized frame, got \(String(describing: connection.collector.events.last))")
            return
        }
        #expect(total == message.count + 600_000)
    }
}
