import CareQueueCore
@testable import CareQueueServer
import Foundation
import Logging
import MLLP
import NIOCore
import NIOEmbedded
import Testing
import TestSupport

/// A sink that never answers: the connection's messages stay in flight.
private struct SilentSink: IngestSink {
    func submit(_ item: IngestItem, completion: @escaping @Sendable (Result<IngestOutcome, StoreFailure>) -> Void) {}
}

@Suite("Waiting for the buffer budget is not a slow frame")
struct PausedReadingTimeoutTests {
    private func connection(partialFrameTimeout: TimeInterval) throws -> EmbeddedChannel {
        var settings = CareQueueConfig.Listener()
        settings.partialFrameTimeout = partialFrameTimeout
        var quiet = Logger(label: "test.paused")
        quiet.logLevel = .critical
        let handler = MLLPConnectionHandler(intake: FrameIntake(processingIDs: ["P"]), composer: AckComposer(),
                                            sink: SilentSink(), clock: FixedTimeSource(Date()), stats: ListenerStats(),
                                            settings: settings, logger: quiet)
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    @Test("the partial-frame clock stops while reading is paused and starts afresh when it resumes")
    func clockStopsWhilePaused() throws {
        let channel = try connection(partialFrameTimeout: 1)
        channel.pipeline.fireChannelRead(NIOAny(MLLPFrameEvent.frameStarted))
        channel.pipeline.fireUserInboundEventTriggered(ReadingPaused.paused)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(channel.isActive, "five seconds waiting for the budget, no timeout")

        channel.pipeline.fireUserInboundEventTriggered(ReadingPaused.resumed)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive, "a whole timeout after resuming, the slow frame is closed")
    }

    @Test("without a pause the partial-frame timeout closes the connection as before")
    func timeoutStillApplies() throws {
        let channel = try connection(partialFrameTimeout: 1)
        channel.pipeline.fireChannelRead(NIOAny(MLLPFrameEvent.frameStarted))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_100))
        #expect(!channel.isActive)
    }
}
