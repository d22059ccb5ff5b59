import CareQueueCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Tells a dashboard when anyone (this process or another host) committed to a PostgreSQL store:
/// a connection of its own LISTENs on `PostgresNotifyTriggers.channel`.
///
/// All the work happens on that connection's event loop; `changed()` only swaps a flag, so the UI
/// thread never waits on the network. A dropped connection is replaced at once, then with backoff
/// up to `maximumRetryDelay`; once the new one listens, `changed()` says true (commits in between
/// were announced to no one). A probe every `probeInterval` closes a connection that stopped
/// answering within `probeTimeout` (a firewall that forgot it, a host gone without a reset), so a
/// dead link is replaced within seconds instead of leaving the screen silently stale.
final class PostgresChangeListener: Sendable {
    static let probeInterval: TimeAmount = .seconds(10)
    static let probeTimeout: TimeAmount = .seconds(5)
    static let maximumRetryDelay: TimeAmount = .seconds(2)

    private let link: Link

    /// Connects and listens before returning, so a wrong URL, password or TLS setting fails here.
    init(settings: PostgresSettings) throws {
        link = Link(settings: settings, configuration: try PostgresClient.configuration(settings, role: "changes"))
        do {
            link.adopt(try link.listen().wait())
        } catch {
            throw PostgresErrors.storeError(error, location: settings.redacted, connecting: true)
        }
    }

    deinit { link.stop() }

    /// True when a notification arrived (or the connection was replaced) since the previous call;
    /// the first call says true.
    func changed() -> Bool {
        link.pending.exchange(false, ordering: .acquiringAndReleasing)
    }
}

/// The connection and its replacements; what the event loop's callbacks hold, so dropping the
/// listener (its `deinit`) can stop them.
private final class Link: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var probe: RepeatedTask?
        /// Replacements since a connection last answered a probe: what the next retry waits on.
        var failures = 0
        var stopped = false
    }

    let pending = Atomic<Bool>(true)
    private let settings: PostgresSettings
    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    private let state = Mutex(State())
    private let logger = Logger(label: "carequeue.store")

    init(settings: PostgresSettings, configuration: PostgresConnection.Configuration) {
        self.settings = settings
        self.configuration = configuration
    }

    /// A new connection, succeeded once its LISTEN is in place.
    func listen() -> EventLoopFuture<PostgresConnection> {
        PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 0,
                                          logger: PostgresClient.logger).flatMap { connection in
            connection.addListener(channel: PostgresNotifyTriggers.channel) { _, _ in
                self.pending.store(true, ordering: .releasing)
            }
            // A connection runs its commands in order: once this is answered, the LISTEN was run.
            return connection.query("SELECT 1", logger: PostgresClient.logger).map { _ in connection }
                .flatMapError { error in
                    connection.closeNow()
                    return connection.eventLoop.makeFailedFuture(error)
                }
        }
    }

    /// Makes `connection` the listening one: from here on it is probed, and replaced when it closes.
    func adopt(_ connection: PostgresConnection) {
        let kept = state.withLock { state in
            guard !state.stopped else { return false }
            state.connection = connection
            state.probe = eventLoop.scheduleRepeatedTask(initialDelay: PostgresChangeListener.probeInterval,
                                                         delay: PostgresChangeListener.probeInterval) { _ in
                self.probe(connection)
            }
            return true
        }
        guard kept else {
            connection.closeNow()
            return
        }
        pending.store(true, ordering: .releasing)
        connection.closeFuture.whenComplete { _ in self.dropped(connection) }
    }

    func stop() {
        let connection = state.withLock { state in
            state.stopped = true
            state.probe?.cancel()
            state.probe = nil
            defer { state.connection = nil }
            return state.connection
        }
        connection?.closeNow()
    }

    private func dropped(_ connection: PostgresConnection) {
        let replace = state.withLock { state in
            guard state.connection === connection, !state.stopped else { return false }
            state.probe?.cancel()
            state.probe = nil
            state.connection = nil
            return true
        }
        guard replace else { return }
        logger.warning("the store's change notifications were cut off; reconnecting to \(settings.redacted)")
        reconnect()
    }

    /// Tries again at once after a connection that lived, then after 100 ms, doubling up to
    /// `maximumRetryDelay`: a restarting server is found soon, and one that is down (or that ends
    /// each connection at once) is not hammered.
    private func reconnect() {
        let failures = state.withLock { state in
            defer { state.failures += 1 }
            return state.failures
        }
        let delay = failures == 0 ? TimeAmount.zero
            : min(.milliseconds(100 << min(failures - 1, 10)), PostgresChangeListener.maximumRetryDelay)
        eventLoop.scheduleTask(in: delay) {
            guard !self.state.withLock({ $0.stopped }) else { return }
            self.listen().whenComplete { result in
                switch result {
                case .success(let connection):
                    self.adopt(connection)
                    self.logger.info("the store's change notifications are back")
                case .failure:
                    self.reconnect()
                }
            }
        }
    }

    /// Closes `connection` unless it answers within `probeTimeout`; the close brings a replacement.
    /// An answer proves the link sound: the next drop is retried at once.
    private func probe(_ connection: PostgresConnection) {
        let timeout = connection.eventLoop.scheduleTask(in: PostgresChangeListener.probeTimeout) {
            connection.closeNow()
        }
        connection.query("SELECT 1", logger: PostgresClient.logger).whenComplete { result in
            timeout.cancel()
            switch result {
            case .success: self.state.withLock { $0.failures = 0 }
            case .failure: connection.closeNow()
            }
        }
    }
}

private extension PostgresConnection {
    /// Closes without waiting (a bare `close()` is ambiguous with the async one).
    func closeNow() {
        let _: EventLoopFuture<Void> = close()
    }
}
