import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Glibc
import Logging

/// One run of the dashboard, as `dashboard` and `demo` start it: the listener (unless told not
/// to), logs to a file, the store watcher (and, without a listener, the scheduled sweep) threads, then the UI loop on the main actor
/// until `q`, a signal or an error — and the terminal restored on every one of those ways out.
public struct DashboardSession {
    /// Whether this process runs the MLLP listener.
    public enum Listening: Sendable {
        case off
        /// Listen on `host:port`; when the port is taken, `fallbackToFreePort` picks a free one
        /// instead (the demo), otherwise the dashboard opens without a listener and says why.
        case on(host: String, port: Int, fallbackToFreePort: Bool)
    }

    /// Something to say on the message line when the dashboard opens.
    public struct Note: Sendable {
        public var text: String
        public var isError = false

        public init(text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    public var config: CareQueueConfig
    public var store: StoreLocation
    public var listening: Listening
    public var theme: Theme
    public var user: String
    public var notes: [Note] = []
    /// `--board`: open on the charge-nurse board; `--read-only`: no key changes data.
    public var wall = DashboardWall()
    /// Runs once the listener is up, before the screen opens (the demo loads samples here and
    /// starts its feed); the task it returns is cancelled when the dashboard closes.
    public var whenListening: (@Sendable (_ port: Int) async throws -> Task<Void, Never>?)? = nil

    public init(config: CareQueueConfig, store: StoreLocation, listening: Listening, theme: Theme, user: String,
                notes: [Note] = [], wall: DashboardWall = DashboardWall(),
                whenListening: (@Sendable (_ port: Int) async throws -> Task<Void, Never>?)? = nil) {
        self.config = config
        self.store = store
        self.listening = listening
        self.theme = theme
        self.user = user
        self.notes = notes
        self.wall = wall
        self.whenListening = whenListening
    }

    /// Runs the dashboard; returns when the user quit (exits with 128 + signal after SIGTERM/SIGHUP).
    public func run() async throws {
        // A bad CAREQUEUE_LOG_LEVEL is refused before anything is created.
        _ = try LogSetup.level(config.log, default: .info)
        // The log goes beside the SQLite file, or with this host's files for a PostgreSQL store.
        let base = try StoreAccess.localBase(store)
        let directory = URL(fileURLWithPath: base).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logFile = try DashboardLogFile(path: base + ".log", maxBytes: config.log.maxBytes, keep: config.log.keep)
        try logFile.bootstrapLogging(config.log, default: .info)
        let logger = Logger(label: "carequeue.dashboard")

        var notes = self.notes
        let (service, database, listener) = try await startListening(notes: &notes, logger: logger)
        let delivery = startDelivery(service: service, database: database, notes: &notes)
        defer { delivery?.stop() }
        var feed: Task<Void, Never>?
        let exit: LoopExit
        do {
            if case .running(let address) = listener, let whenListening {
                feed = try await whenListening(Int(address.split(separator: ":").last ?? "") ?? 0)
            }
            let data = try DashboardStoreAdapter(database: database)
            let changes = try database.changeSignal()
            // A running listener's upkeep sweeps every few seconds; without one, this process does.
            let sweeps: Bool
            if case .running = listener { sweeps = false } else { sweeps = true }
            let settings = wall.settings(DashboardSettings(clinicName: config.clinic.name, user: user,
                                                           windows: config.windows, timeZone: .current,
                                                           listener: listener,
                                                           idleLock: config.ui.idleLock > 0 ? config.ui.idleLock : nil,
                                                           accountName: ProcessAccount.current, opensOnWorklist: true,
                                                           undoWindow: config.ui.undoWindow,
                                                           boardPageEvery: config.ui.boardPageEvery,
                                                           bell: BellPolicy(rawValue: config.ui.bell) ?? .board),
                                         clinic: config.clinic)
            let theme = theme
            let shownNotes = notes
            let access = AccessAuditRecorder(database: database, user: user)
            let mode = wall.accessMode
            let actions = DashboardActions(database: database, windows: config.windows, claimFor: config.ui.claimFor,
                                           config: config)
            let views = DashboardViewsAdapter(database: database, windows: config.windows, turnaround: config.turnaround)
            exit = try await MainActor.run {
                try Self.runScreen(settings: settings, notes: shownNotes, theme: theme, database: database,
                                   actions: actions, data: data,
                                   views: views, sweeps: sweeps, changes: changes,
                                   access: access, mode: mode, logFile: logFile)
            }
        } catch {
            feed?.cancel()
            await service?.stop()
            throw error
        }
        feed?.cancel()
        await service?.stop()
        logger.info("dashboard closed: \(exit)")
        if case .terminated(let signal) = exit { Foundation.exit(128 + signal) }
    }

    /// Starts the listener as asked; the store to show is the listener's, or opened here.
    private func startListening(notes: inout [Note], logger: Logger) async throws
        -> (ListenerService?, CareQueueDatabase, DashboardSettings.Listener) {
        guard case .on(let host, let port, let fallback) = listening else {
            let database = try StoreAccess.open(store, access: .existing, config: config)
            return (nil, database, .off)
        }
        var listenerConfig = config
        listenerConfig.listener.host = host
        listenerConfig.listener.port = port
        let service = try ListenerService(config: listenerConfig, store: store)
        do {
            let address = try await service.start()
            announce(address, logger: logger)
            service.reportRecovery()
            return (service, service.database, .running(address: address))
        } catch let other as ListenerAlreadyRunning {
            // Not a fault: the service (or another dashboard) listens; this one watches what it stores.
            logger.notice("\(other.description)")
            notes.append(Note(text: "Another listener (\(other.holder)) serves this database: watching the store it fills."))
            return (nil, service.database, .unavailable(reason: other.description))
        } catch let failure as CommandFailure {
            logger.warning("\(failure.description)")
            if fallback {
                listenerConfig.listener.port = 0
                let retry = try ListenerService(config: listenerConfig, store: store)
                let address = try await retry.start()
                announce(address, logger: logger)
                retry.reportRecovery()
                notes.append(Note(text: "Port \(port) is in use: listening on \(address) instead"))
                return (retry, retry.database, .running(address: address))
            }
            notes.append(Note(text: "Not listening: \(failure.description). Showing the store as others fill it.",
                              isError: true))
            return (nil, service.database, .unavailable(reason: failure.description))
        }
    }

    /// The outbox goes to the EHR from this process's listener, or — without one — from a worker of
    /// its own; the delivery lock lets only one process in the host deliver, whichever starts first.
    private func startDelivery(service: ListenerService?, database: CareQueueDatabase, notes: inout [Note]) -> OutboxWorker? {
        if let service {
            service.startDelivery()
            return nil
        }
        guard let outbound = config.outbound else { return nil }
        do {
            let worker = try OutboxWorker(database: database, settings: outbound, clock: SystemTimeSource())
            worker.start()
            return worker
        } catch {
            notes.append(Note(text: "Not writing back to the EHR: \(error.description)", isError: true))
            return nil
        }
    }

    /// `listening on HOST:PORT` goes to stderr only when stderr is not the screen curses is about to own.
    private func announce(_ address: String, logger: Logger) {
        logger.info("listening on \(address)")
        if isatty(STDERR_FILENO) == 0 {
            LogSetup.announceListening(on: address, format: config.log.format)
        }
    }

    /// The UI loop; it holds the main actor until it returns, so nothing may hop onto the main
    /// actor meanwhile: the watcher, sweep and action threads reach it through the waker only.
    @MainActor
    private static func runScreen(settings: DashboardSettings, notes: [Note], theme: Theme, database: CareQueueDatabase,
                                  actions: DashboardActions, data: DashboardStoreAdapter, views: DashboardViewsAdapter, sweeps: Bool,
                                  changes: StoreChangeSignal, access: AccessAuditRecorder, mode: String,
                                  logFile: DashboardLogFile) throws -> LoopExit {
        let clock = SystemTimeSource()
        let terminal = Terminal(theme: theme)
        let loop = try EventLoop(device: terminal, clock: clock,
                                 configuration: EventLoop.Configuration(minimumSize: DashboardLayout.minimumSize))
        let runner = ActionRunner(actions: DashboardWall.actions(actions, settings: settings),
                                  waker: loop.waker)
        let runtime = DashboardRuntime(data: data, views: views, runner: runner, clock: clock, access: access)
        let sweeper = sweeps ? DashboardSweep(database: database, clock: clock) : nil
        let watcher = RepeatingThread.storeWatcher(waker: loop.waker) {
            let changed = try changes.changed()
            if changed { sweeper?.storeChanged() }
            return changed
        }

        let savedStandardError = logFile.captureStandardError()
        defer { logFile.restoreStandardError(savedStandardError) }
        do {
            // Started here (the loop's own start is then a no-op) so the first page fits the screen.
            try terminal.start()
        } catch {
            throw CommandFailure("\(error)")
        }
        // The loop restores the terminal on its way out; this covers leaving before it runs.
        defer { terminal.restore() }
        var state = DashboardState(settings: settings, now: clock.now(), size: terminal.size)
        runtime.prepare(&state)
        if !notes.isEmpty, state.message?.isError != true {
            state.message = StatusMessage(notes.map(\.text).joined(separator: " · "),
                                          isError: notes.contains { $0.isError }, shownAt: state.now)
        }
        watcher.start()
        sweeper?.start()
        access.start()
        access.record(.dashboardStarted(mode: mode), at: clock.now())
        defer {
            watcher.stop()
            sweeper?.stop()
            runtime.finish()
            // Whatever way the screen closes (q, a signal, an error), the end is recorded and the
            // queued views are written before the process exits.
            access.record(.dashboardEnded, at: clock.now())
            access.finish()
        }
        return try loop.run(&state, update: { runtime.handle($1, state: &$0) }, view: DashboardView.render)
    }
}
