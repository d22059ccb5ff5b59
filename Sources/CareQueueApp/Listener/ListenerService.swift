import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The listener with its store and background upkeep (heartbeat), as `listen` and the dashboard run it.
public final class ListenerService: Sendable {
    public let database: CareQueueDatabase
    public let writer: StoreWriter
    public let listener: MLLPListener
    public let upkeep: Upkeep
    /// The configuration it runs with; a reload (SIGHUP) replaces the parts that can change at run time.
    private let running: Mutex<CareQueueConfig>
    /// The outbox's delivery to `[outbound]`, when configured; `startDelivery()` starts it and a
    /// reload that changes `[outbound]` replaces it.
    private let delivery: Mutex<Result<OutboxWorker?, CommandFailure>>
    private let deliveryStarted = Mutex(false)
    private let clock: any TimeSource
    private let logger = Logger(label: "carequeue.listen")
    /// The TLS files are read here and a problem with them reported by `start`, like any refusal to listen.
    private let tlsSetup: Result<NIOSSLContext?, CommandFailure>
    /// The TLS files' bytes as loaded, so a reload can tell a renewed certificate needs a restart.
    private let tlsFiles: [Data?]
    private let lock: ListenerLock
    /// Set once bound: only a listener that started writes "stopped" and lets the lock go.
    private let started = Mutex(false)

    public convenience init(config: CareQueueConfig, databasePath: String, clock: any TimeSource = SystemTimeSource(),
                            persistence: StoreWriter.Persistence = .durable) throws {
        try self.init(config: config, store: .sqlite(path: databasePath), clock: clock, persistence: persistence)
    }

    /// A listener for the store `store` names. On PostgreSQL, where listeners on several hosts share
    /// one database, the listener lock is this host's: one listener per database per host.
    public init(config: CareQueueConfig, store: StoreLocation, clock: any TimeSource = SystemTimeSource(),
                persistence: StoreWriter.Persistence = .durable) throws {
        running = Mutex(config)
        self.clock = clock
        database = try StoreAccess.open(store, access: .create, config: config)
        writer = StoreWriter(database: database, config: config, timeSource: clock, persistence: persistence)
        tlsSetup = Result { () throws(CommandFailure) in try config.listener.tlsContext() }
        tlsFiles = Self.tlsFileContents(config.listener)
        listener = MLLPListener(settings: config.listener, sink: writer, clock: clock, tls: try? tlsSetup.get())
        upkeep = Upkeep(database: database, listener: listener, clock: clock, retention: config.retention)
        lock = ListenerLock(database: database)
        delivery = Mutex(Self.worker(for: config.outbound, database: database, clock: clock))
    }

    /// The configuration in force.
    public var config: CareQueueConfig { running.withLock { $0 } }

    private static func worker(for outbound: CareQueueConfig.Outbound?, database: CareQueueDatabase,
                               clock: any TimeSource) -> Result<OutboxWorker?, CommandFailure> {
        Result { () throws(CommandFailure) in
            try outbound.map { outbound throws(CommandFailure) in
                try OutboxWorker(database: database, settings: outbound, clock: clock)
            }
        }
    }

    /// Takes the database's listener lock, binds and starts the upkeep; returns "HOST:PORT".
    /// Throws `ListenerAlreadyRunning` when another process listens for this database.
    public func start() async throws -> String {
        let config = self.config
        if case .failure(let failure) = tlsSetup {
            writer.close()
            throw failure
        }
        if case .failure(let failure) = delivery.withLock({ $0 }) {
            writer.close()
            throw failure
        }
        if let refusal = PlaintextGuard.refusal(host: config.listener.host, allowPlaintext: config.listener.allowPlaintext,
                                                usesTLS: config.listener.usesTLS) {
            writer.close()
            throw CommandFailure(refusal)
        }
        do {
            try lock.acquire(database: database)
        } catch {
            writer.close()
            throw error
        }
        LargeAllocations.returnPromptly()
        let bound: (host: String, port: Int)
        do {
            bound = try await listener.start()
        } catch {
            writer.close()
            lock.release()
            throw CommandFailure(BindFailure.describe(error, host: config.listener.host, port: config.listener.port))
        }
        let address = HostPort.text(host: bound.host, port: bound.port)
        lock.record(address: address)
        started.withLock { $0 = true }
        upkeep.start(address: address)
        return address
    }

    /// After the `listening on` line: what the last run left to derive, if anything.
    public func reportRecovery() {
        writer.reportRecovery(logger: logger)
    }

    /// After the `listening on` line: starts sending the outbox to the EHR, if `[outbound]` names one.
    public func startDelivery() {
        deliveryStarted.withLock { $0 = true }
        try? delivery.withLock { $0 }.get()?.start()
    }

    /// Applies a configuration read again (SIGHUP): windows, tiers, workflow and the outbox's
    /// settings now, for what follows; an address, TLS file or other setting bound at start is
    /// logged as needing a restart. Returns what it did.
    @discardableResult
    public func reload(_ read: CareQueueConfig) -> ConfigReload {
        let reload = running.withLock { current -> ConfigReload in
            let plan = ConfigReload(running: current, read: read, tlsFilesChanged: Self.tlsFileContents(read.listener) != tlsFiles)
            current = plan.adopted
            return plan
        }
        database.adoptRules(of: reload.adopted)
        upkeep.adoptRetention(reload.adopted.retention)
        if reload.applied.contains("[outbound]") { replaceDelivery(reload.adopted.outbound) }
        // CAREQUEUE_LOG_LEVEL, when set, still beats the file.
        if reload.applied.contains("[log] level"), let level = try? LogSetup.level(reload.adopted.log, default: .info) {
            LogSetup.changeLevel(to: level)
        }
        logger.notice("configuration reloaded: \(reload.applied.isEmpty ? "no change applied" : reload.applied.joined(separator: ", ") + " applied")")
        if !reload.needsRestart.isEmpty {
            logger.warning("configuration changes that need a restart, not applied: \(reload.needsRestart.joined(separator: "; "))")
        }
        return reload
    }

    /// Stops the outbox worker and starts one with the new `[outbound]` (none when it was removed).
    private func replaceDelivery(_ outbound: CareQueueConfig.Outbound?) {
        let old = delivery.withLock { $0 }
        try? old.get()?.stop()
        let replacement = Self.worker(for: outbound, database: database, clock: clock)
        delivery.withLock { $0 = replacement }
        switch replacement {
        case .failure(let failure):
            logger.error("outbox: not delivering after the reload: \(failure.description)")
        case .success(let worker):
            if deliveryStarted.withLock({ $0 }) { worker?.start() }
        }
    }

    /// Drains: stop accepting, answer everything received, commit, stop the writer; then the
    /// heartbeat says "stopped" (dashboards and `status` say so at once) and the lock is let go.
    public func stop() async {
        logger.info("draining")
        await listener.shutdown()
        // A send in flight is cut short; its row goes again, under the same control id, next time.
        try? delivery.withLock { $0 }.get()?.stop()
        upkeep.stop()
        writer.close()
        // After the last commit: at rest, the anchor covers every audit row. The line is a witness
        // of the chain's length kept outside the host's database, in the service's journal.
        if let seq = upkeep.anchor() { logger.info("audit chain anchored through row \(seq)") }
        if started.withLock({ $0 }) {
            do {
                try database.markHeartbeatStopped(pid: getpid(), at: clock.now())
            } catch {
                logger.error("heartbeat not marked stopped: \(error)")
            }
            lock.release()
        }
        logger.info("stopped")
    }

    /// The bytes of the listener's TLS files (nil for one unset or unreadable).
    private static func tlsFileContents(_ listener: CareQueueConfig.Listener) -> [Data?] {
        [listener.tlsCertificate, listener.tlsPrivateKey, listener.tlsClientCA].map { path in
            path.flatMap { FileManager.default.contents(atPath: $0) }
        }
    }
}
