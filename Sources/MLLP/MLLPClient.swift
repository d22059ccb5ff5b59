import NIOCore
import NIOPosix

/// A stop-and-wait MLLP sender: one TCP (or TLS) connection, one message in flight, its ACK awaited.
///
///     let client = MLLPClient(host: "127.0.0.1", port: 2575)  // tls: MLLPClient.TLS(…) for TLS
///     let ack = try await client.send(messageBytes, timeout: .seconds(30))  // nil: no ACK in time
///     await client.close()
///
/// The connection opens on the first `send` (or `connect()`) and is reused. After a send that
/// got no reply in time the connection is closed, because a late ACK on it would be taken for the
/// next message's; the next `send` reconnects. A connection the peer closed while idle is also
/// replaced on the next `send`. Failures throw `MLLPClientError` naming `host:port`.
///
/// The actor runs on its connection's event loop, so a reply resumes the sender without a thread
/// hop inside the client. Concurrent `send` calls on one client are served one after another;
/// for parallel traffic use one client per sender.
public actor MLLPClient {
    /// The host given at creation.
    public nonisolated let host: String
    /// The port given at creation.
    public nonisolated let port: Int
    /// The event loop every connection of this client, and the actor itself, runs on.
    public nonisolated let eventLoop: any EventLoop

    private let connectTimeout: TimeAmount
    private let maxReplyBytes: Int
    private let tls: TLS?
    private var connection: Connection?
    private var isClosed = false
    private var sendInProgress = false
    private var queuedSenders: [CheckedContinuation<Void, Never>] = []

    private struct Connection: Sendable {
        var channel: any Channel
        var repliesOnLoop: NIOLoopBound<MLLPReplyHandler>
        /// The channel's reply handler; the actor only runs on the channel's loop.
        var replies: MLLPReplyHandler { repliesOnLoop.value }
    }

    /// The largest ACK payload accepted by default (1 MiB); an ACK is a few hundred bytes.
    public static let defaultMaxReplyBytes = 1024 * 1024

    /// Creates a client for `host:port`, plaintext or with `tls`; nothing connects until `connect()`
    /// or the first `send`. With TLS, `connectTimeout` bounds the handshake too.
    public init(
        host: String,
        port: Int,
        tls: TLS? = nil,
        connectTimeout: TimeAmount = .seconds(10),
        maxReplyBytes: Int = MLLPClient.defaultMaxReplyBytes,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.maxReplyBytes = maxReplyBytes
        self.eventLoop = eventLoopGroup.next()
    }

    /// Runs the actor on its event loop, where its channels' handlers run too.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        eventLoop.executor.asUnownedSerialExecutor()
    }

    deinit {
        connection?.channel.close(promise: nil)
    }

    /// Opens the connection now instead of on the first `send`, so a bad address fails early.
    public func connect() async throws {
        await waitForTurn()
        defer { passTurn() }
        _ = try await openConnection()
    }

    /// Sends one payload framed as `<VT> payload <FS><CR>` and returns the reply's payload, or nil
    /// when no reply arrived within `timeout` (the connection is then dropped; the next send reconnects).
    ///
    /// Throws `MLLPClientError` when the connection cannot be opened or ends before the reply.
    /// Cancelling the calling task does not cut the wait short; `timeout` bounds it.
    public func send(_ payload: [UInt8], timeout: TimeAmount) async throws -> [UInt8]? {
        await waitForTurn()
        defer { passTurn() }
        let connection = try await openConnection()
        var frame = connection.channel.allocator.buffer(capacity: payload.count + MLLPFraming.overheadBytes)
        MLLPFraming.writeFrame(payload, to: &frame)
        do {
            let reply = try await withCheckedThrowingContinuation { continuation in
                connection.replies.awaitReply(timeout: timeout, continuation: continuation)
                connection.channel.writeAndFlush(frame, promise: nil)
            }
            guard let reply else {
                drop(connection)
                return nil
            }
            return Array(reply.readableBytesView)
        } catch {
            drop(connection)
            throw isClosed ? failure(.clientClosed) : MLLPClientError(classifying: error, host: host, port: port)
        }
    }

    /// Closes the connection; later sends throw `.clientClosed`.
    public func close() async {
        isClosed = true
        guard let connection else { return }
        self.connection = nil
        let closed = eventLoop.makePromise(of: Void.self)
        connection.channel.close(promise: closed)
        // Already closed by the peer is as good as closed by us.
        try? await onEventLoop(closed.futureResult)
    }

    // MARK: - Connection

    /// The open connection, or a new one when there is none or the peer closed it.
    private func openConnection() async throws -> Connection {
        guard !isClosed else { throw failure(.clientClosed) }
        if let connection, connection.replies.isOpen {
            return connection
        }
        if let stale = connection {
            drop(stale)
        }
        let replies = NIOLoopBound(MLLPReplyHandler(), eventLoop: eventLoop)
        let handshake = tls.map { _ in
            NIOLoopBound(TLSHandshakeWaiter(eventLoop: eventLoop, timeout: connectTimeout, host: host, port: port),
                         eventLoop: eventLoop)
        }
        let channel: any Channel
        do {
            channel = try await onEventLoop(bootstrap(replies: replies, handshake: handshake).connect(host: host, port: port))
        } catch {
            throw MLLPClientError(classifying: error, host: host, port: port)
        }
        if let handshake {
            do {
                try await onEventLoop(handshake.value.done.futureResult)
            } catch {
                channel.close(promise: nil)
                throw MLLPClientError(classifying: error, host: host, port: port)
            }
        }
        guard !isClosed else {
            channel.close(promise: nil)
            throw failure(.clientClosed)
        }
        let opened = Connection(channel: channel, repliesOnLoop: replies)
        connection = opened
        return opened
    }

    private func bootstrap(replies: NIOLoopBound<MLLPReplyHandler>,
                           handshake: NIOLoopBound<TLSHandshakeWaiter>?) -> ClientBootstrap {
        let maxReplyBytes = maxReplyBytes
        let tls = tls
        let host = host
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // MLLP framing runs inside TLS unchanged.
                    if let tls, let handshake {
                        try channel.pipeline.syncOperations.addHandler(tls.handler(host: host))
                        try channel.pipeline.syncOperations.addHandler(handshake.value)
                    }
                    let decoder = ByteToMessageHandler(MLLPFrameDecoder(maxFrameBytes: maxReplyBytes))
                    try channel.pipeline.syncOperations.addHandler(decoder)
                    try channel.pipeline.syncOperations.addHandler(replies.value)
                }
            }
    }

    private func drop(_ dropped: Connection) {
        dropped.channel.close(promise: nil)
        if connection?.channel === dropped.channel {
            connection = nil
        }
    }

    /// Awaits `future` without leaving the event loop (a plain `get()` would hop to the global executor and back).
    private func onEventLoop<Value: Sendable>(_ future: EventLoopFuture<Value>) async throws -> Value {
        let future = future.hop(to: eventLoop)
        return try await withCheckedThrowingContinuation { continuation in
            future.assumeIsolated().whenComplete { continuation.resume(with: $0) }
        }
    }

    private func failure(_ kind: MLLPClientError.Kind) -> MLLPClientError {
        MLLPClientError(kind, host: host, port: port)
    }

    // MARK: - One send at a time

    private func waitForTurn() async {
        guard sendInProgress else {
            sendInProgress = true
            return
        }
        await withCheckedContinuation { queuedSenders.append($0) }
    }

    /// Hands the turn straight to the next queued sender, so none can overtake it.
    private func passTurn() {
        if queuedSenders.isEmpty {
            sendInProgress = false
        } else {
            queuedSenders.removeFirst().resume()
        }
    }
}
