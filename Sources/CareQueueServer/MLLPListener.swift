import CareQueueCore
import Foundation
import HL7
import Logging
import MLLP
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The MLLP listener: accepts many senders, frames, checks, hands each message to the store and
/// ACKs it after the durable commit. `shutdown()` drains: in-flight messages are committed and ACKed.
public final class MLLPListener: Sendable {
    private let settings: CareQueueConfig.Listener
    private let sink: any IngestSink
    private let clock: any TimeSource
    private let logger: Logger
    private let group: any EventLoopGroup
    private let composer: AckComposer
    /// nil: plaintext MLLP. Else every connection is TLS (see `ListenerTLS`).
    private let tls: NIOSSLContext?
    public let stats = ListenerStats()
    private let admission: ConnectionAdmission
    private let budget: BufferBudget
    private let refusals: ConnectionRefusalLog
    private let serverChannel = Mutex<(any Channel)?>(nil)
    private let children = Mutex<[ObjectIdentifier: any Channel]>([:])

    public init(settings: CareQueueConfig.Listener, sink: any IngestSink, clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "carequeue.listener"),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                composer: AckComposer = AckComposer(), tls: NIOSSLContext? = nil) {
        self.settings = settings
        self.sink = sink
        self.clock = clock
        self.logger = logger
        self.group = group
        self.composer = composer
        admission = ConnectionAdmission(maxConnections: settings.maxConnections, maxPerPeer: settings.maxConnectionsPerPeer)
        // Never below one whole frame (configuration files are checked; this covers callers in code).
        budget = BufferBudget(capacity: max(settings.maxBufferedBytes, settings.maxFrameBytes + 3))
        refusals = ConnectionRefusalLog(logger: logger)
        self.tls = tls
    }

    /// Binds and starts accepting; returns the bound address (the real port when asked for 0).
    public func start() async throws -> (host: String, port: Int) {
        let settings = settings
        let intake = FrameIntake(processingIDs: settings.processingIDs)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard admit(channel) else {
                        try channel.pipeline.syncOperations.addHandler(CloseAtOnce())
                        return
                    }
                    let handler = MLLPConnectionHandler(
                        intake: intake, composer: composer, sink: sink, clock: clock, stats: stats,
                        settings: settings, logger: logger)
                    if let tls {
                        try ListenerTLS.addHandlers(context: tls, to: channel.pipeline.syncOperations,
                                                    settings: settings, logger: logger)
                    }
                    try channel.pipeline.syncOperations.addHandlers([
                        BudgetedFrameReader(maxFrameBytes: settings.maxFrameBytes, budget: budget),
                        MessageToByteHandler(MLLPFrameEncoder()),
                        handler,
                    ])
                    track(channel)
                }
            }
            .bind(host: settings.host, port: settings.port)
            .get()
        serverChannel.withLock { $0 = channel }
        let address = channel.localAddress
        return (address?.ipAddress ?? settings.host, address?.port ?? settings.port)
    }

    /// Counts the connection in, or logs why it is closed at once.
    private func admit(_ channel: any Channel) -> Bool {
        let peer = channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = admission.admit(peer: peer) {
            refusals.refused(peer: channel.remoteAddress.map(MLLPConnectionHandler.describe) ?? peer, because: refusal)
            return false
        }
        channel.closeFuture.whenComplete { [admission] _ in admission.release(peer: peer) }
        return true
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        children.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = children.withLock { $0.removeValue(forKey: id) }
        }
    }

    /// Stops accepting, waits up to `grace` for every received message to be committed and ACKed,
    /// then closes the open connections.
    public func shutdown(grace: TimeInterval = 30) async {
        let server = serverChannel.withLock { channel -> (any Channel)? in
            defer { channel = nil }
            return channel
        }
        try? await server?.close()
        let deadline = Date().addingTimeInterval(grace)
        while stats.inFlight > 0, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if stats.inFlight > 0 {
            logger.warning("\(stats.inFlight) messages still unanswered after \(DurationText.forLog(grace)); closing anyway")
        }
        let open = children.withLock { Array($0.values) }
        for channel in open {
            try? await channel.close()
        }
    }
}
