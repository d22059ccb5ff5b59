import CareQueueCore
import Foundation
import GRDB

/// What this process writes with: the audit chain (keyed or not) and the due windows the sweep uses.
struct StoreSettings: Sendable {
    var windows = CareQueueConfig.Windows()
    /// How results are tiered (`[tiers]`); derivation reads it per chunk, so a reload applies to the next one.
    var tiers = CareQueueConfig.Tiers()
    /// Which tiers wait for provider sign-off (`[workflow]`).
    var workflow = CareQueueConfig.Workflow()
    /// When an order's result is expected (`[turnaround]`), the tier of one that never came and of
    /// a consult note's task.
    var turnaround = CareQueueConfig.Turnaround()
    /// Where task events are written back to, and how long a new row is held for undo.
    var outbox = OutboxPolicy(outbound: nil, hold: 0)
    var chain = AuditChain(key: nil)
    /// Set when configuring failed: every write that appends audit rows refuses with it.
    var problem: StoreError?
}

extension CareQueueDatabase {
    /// Opens the database with everything `config` says: file modes, durability, the audit key
    /// (`[audit] key_file`) and the due windows.
    ///
    /// A key file that is missing, unreadable or shorter than 32 bytes, or one that does not fit the
    /// chain this database already holds, is an error (unless `access` is `.readOnly`, which writes
    /// no audit rows).
    public convenience init(path: String, access: Access = .create, config: CareQueueConfig,
                            busyTimeout: TimeInterval = 5, osUser: String = ProcessAccount.current) throws {
        let chain = try Self.auditChain(keyFile: config.audit.keyFile)
        try self.init(path: path, access: access, store: config.store, busyTimeout: busyTimeout, auditChain: chain,
                      osUser: osUser)
        adoptRules(of: config)
        if access != .readOnly { try checkAuditChain(chain) }
    }

    /// Opens the PostgreSQL database `settings` names with everything `config` says, as the SQLite
    /// form above does; this host's audit anchor lives in `anchorDirectory`.
    public convenience init(postgres settings: PostgresSettings, access: Access = .create, config: CareQueueConfig,
                            anchorDirectory: String, osUser: String = ProcessAccount.current) throws {
        let chain = try Self.auditChain(keyFile: config.audit.keyFile)
        try self.init(postgres: settings, access: access, anchorDirectory: anchorDirectory, auditChain: chain,
                      osUser: osUser)
        adoptRules(of: config)
        if access != .readOnly { try checkAuditChain(chain) }
    }

    private static func auditChain(keyFile: String?) throws -> AuditChain {
        do {
            return try AuditKeyFile.chain(path: keyFile)
        } catch {
            throw StoreError.auditKey(error.description)
        }
    }

    /// Adopts `config`'s audit key and due windows for the writes of this process (the store
    /// writer does this with its configuration).
    ///
    /// On failure the store remembers the error and every later audit-writing call refuses with it,
    /// so a bad key never writes a row the chain cannot verify.
    public func configure(_ config: CareQueueConfig) throws {
        do {
            let chain = try Self.auditChain(keyFile: config.audit.keyFile)
            try checkAuditChain(chain)
            settings.withLock {
                $0 = StoreSettings(windows: config.windows, tiers: config.tiers, workflow: config.workflow,
                                   turnaround: config.turnaround, outbox: Self.outboxPolicy(config), chain: chain, problem: nil)
            }
        } catch {
            let failure = StoreError.from(error, path: path)
            settings.withLock { $0.problem = failure }
            throw failure
        }
    }

    /// Adopts `config`'s due windows, tiers and workflow rules, not its audit key: what a process
    /// that only reads needs to show tasks as the site's rules see them (which wait for sign-off),
    /// and what a listener's reload (SIGHUP) changes for the messages that follow.
    public func adoptRules(of config: CareQueueConfig) {
        settings.withLock {
            $0.windows = config.windows
            $0.tiers = config.tiers
            $0.workflow = config.workflow
            $0.turnaround = config.turnaround
            $0.outbox = Self.outboxPolicy(config)
        }
    }

    /// `[outbound]`, with new rows held for `[ui] undo_window` (the dashboard's undo).
    private static func outboxPolicy(_ config: CareQueueConfig) -> OutboxPolicy {
        OutboxPolicy(outbound: config.outbound, hold: config.ui.undoWindow)
    }

    /// Holds this process's new outbox rows for `seconds` instead of `[ui] undo_window`: 0 for the
    /// command line, which offers no undo, so its actions leave at once.
    public func holdOutbox(for seconds: TimeInterval) {
        settings.withLock { $0.outbox.hold = max(0, seconds) }
    }

    /// The configured due windows.
    public var windows: CareQueueConfig.Windows { settings.withLock { $0.windows } }

    /// The configured tiering rules.
    public var tiers: CareQueueConfig.Tiers { settings.withLock { $0.tiers } }

    /// The configured turnaround rules (`[turnaround]`, `[turnaround_tests]`).
    public var turnaround: CareQueueConfig.Turnaround { settings.withLock { $0.turnaround } }

    /// The configured workflow rules (which tiers wait for sign-off).
    public var workflow: CareQueueConfig.Workflow { settings.withLock { $0.workflow } }

    /// What this process writes to the outbox.
    public var outboxPolicy: OutboxPolicy { settings.withLock { $0.outbox } }

    /// The chain to append with, or the configuration problem that forbids appending.
    func auditChain() throws -> AuditChain {
        try settings.withLock { settings in
            if let problem = settings.problem { throw problem }
            return settings.chain
        }
    }

    private func checkAuditChain(_ chain: AuditChain) throws {
        let path = path
        if let mismatch = try engine.read({ db in try AuditChainRecord.mismatch(chain, db, path: path) }) {
            throw mismatch
        }
    }
}
