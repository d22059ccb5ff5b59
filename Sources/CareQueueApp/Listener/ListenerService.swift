import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// The listener with its store and background upkeep (heartbeat), as `listen` and the dashboard run it.
public final class ListenerService: Sendable {
    public let config: CareQueueConfig
    public let database: CareQueueDatabase
    public let writer: StoreWriter
    public let listener: MLLPListener
    public let upkeep: Upkeep
    /// The outbox's delivery to `[outbound]`, when configured; `startDelivery()` starts it.
    private let delivery: Result<OutboxWorker?, CommandFailure>
    private let logger = Logger(label: "carequeue.listen")
    /// The TLS files are read here and a problem with them reported by `start`, like any refusal to listen.
    private let tlsSetup: Result<NIOSSLContext?, CommandFailure>

    public init(config: CareQueueConfig, databasePath: String, clock: any TimeSource = SystemTimeSource(),
         persistence: StoreWriter.Persistence = .durable) throws {
        self.config = config
        do {
            database = try CareQueueDatabase(path: databasePath, access: .create, config: config)
        } catch {
            throw CommandFailure("\(error)")
        }
        writer = StoreWriter(database: database, config: config, timeSource: clock, persistence: persistence)
        tlsSetup = Result { () throws(CommandFailure) in try config.listener.tlsContext() }
        listener = MLLPListener(settings: config.listener, sink: writer, clock: clock, tls: try? tlsSetup.get())
        upkeep = Upkeep(database: database, listener: listener, clock: clock)
        let database = database
        delivery = Result { () throws(CommandFailure) in
            try config.outbound.map { outbound throws(CommandFailure) in
                try OutboxWorker(database: database, settings: outbound, clock: clock)
            }
        }
    }

    /// Binds and starts the upkeep; returns "HOST:PORT".
    public func start() async throws -> String {
        if case .failure(let failure) = tlsSetup {
            writer.close()
            throw failure
        }
        if case .failure(let failure) = delivery {
            writer.close()
            throw failure
        }
        if let refusal = PlaintextGuard.refusal(host: config.listener.host, allowPlaintext: config.listener.allowPlaintext,
                                                usesTLS: config.listener.usesTLS) {
            writer.close()
            throw CommandFailure(refusal)
        }
        LargeAllocations.returnPromptly()
        let bound: (host: String, port: Int)
        do {
            bound = try await listener.start()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            writer.close()
            throw CommandFailure("port \(config.listener.port) on \(config.listener.host) is already in use (is another listener running?)")
        } catch {
            writer.close()
            throw CommandFailure("cannot listen on \(config.listener.host):\(config.listener.port): \(error)")
        }
        let address = bound.host.contains(":") ? "[\(bound.host)]:\(bound.port)" : "\(bound.host):\(bound.port)"
        upkeep.start(address: address)
        return address
    }

    /// After the `listening on` line: what the last run left to derive, if anything.
    public func reportRecovery() {
        writer.reportRecovery(logger: logger)
    }

    /// After the `listening on` line: starts sending the outbox to the EHR, if `[outbound]` names one.
    public func startDelivery() {
        try? delivery.get()?.start()
    }

    /// Drains: stop accepting, answer everything received, commit, stop the writer.
    public func stop() async {
        logger.info("draining")
        await listener.shutdown()
        // A send in flight is cut short; its row goes again, under the same control id, next time.
        try? delivery.get()?.stop()
        upkeep.stop()
        writer.close()
        // After the last commit: at rest, the anchor covers every audit row. The line is a witness
        // of the chain's length kept outside the host's database, in the service's journal.
        if let seq = upkeep.anchor() { logger.info("audit chain anchored through row \(seq)") }
        logger.info("stopped")
    }
}
