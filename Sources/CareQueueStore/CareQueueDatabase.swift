import CareQueueCore
import Foundation
import GRDB
import Logging
import Synchronization

/// The CareQueue store: an SQLite file (WAL) or a PostgreSQL database; opening, file modes,
/// durability and the schema.
///
/// All writes of a process go through one instance; ingest goes through its `StoreWriter`. Store
/// code runs on either engine through `engine`; what only SQLite has (its migrations, checkpoints,
/// online backup) uses `pool`, which a PostgreSQL store refuses with `StoreError.otherEngine`.
public final class CareQueueDatabase: Sendable {
    /// What an opener may do to the file.
    public enum Access: Sendable {
        /// Create the database when missing, migrate it when older (`listen`, imports).
        case create
        /// The database must exist; migrate it when older (commands that write).
        case existing
        /// The database must exist and be current; nothing is written (commands that only read).
        case readOnly
    }

    /// The database file's path as given, or the PostgreSQL URL without secrets.
    public let path: String
    /// What this host's own files about the store are named after: the SQLite file itself (its
    /// `-listener.lock` beside it), or on PostgreSQL a name made from the server and database in
    /// the local state directory, as the audit anchor's is: each host keeps its own.
    public let localPath: String
    /// Where ported store code runs its statements.
    let engine: any SQLEngine
    private let sqlitePool: DatabasePool?
    /// The SQLite pool, for what only SQLite has: its migrations, WAL checkpoints and online backup.
    var pool: DatabasePool {
        get throws {
            guard let sqlitePool else {
                throw StoreError.otherEngine("SQLite's own machinery (migrations, WAL checkpoints, online backup)")
            }
            return sqlitePool
        }
    }
    /// Which engine holds the data.
    public var dialect: SQLDialect { engine.dialect }
    /// The audit chain and due windows this process writes with (see `configure`).
    let settings: Mutex<StoreSettings>
    /// Where the audit chain's head is anchored, outside the rows it protects.
    let auditAnchor: any AuditAnchorStore
    /// The operating-system account every audit row this process writes names (`os_user`).
    public let osUser: String
    /// Where the writer connection's checkpoints happen (see `WALCheckpoints`).
    let checkpoints: WALCheckpoints
    /// Open-task counts per queue and tier, kept current from `task_changes`.
    let openTaskTally = OpenTaskTally()
    /// Until when the last sweep found that nothing can fall due (see `SweepSchedule`).
    let sweepSchedule = Mutex<SweepSchedule?>(nil)

    /// Opens (or, with `.create`, creates) the database at `path`.
    ///
    /// A new database is made under a 0077 umask (0007 with `[store] group`, then chgrp'd and 0660),
    /// so it and its -wal/-shm are private from the first byte. The writer runs `synchronous=FULL`
    /// unless `[store] synchronous = "normal"`.
    ///
    /// `auditChain` hashes the audit rows this process writes, and any written before the chain
    /// existed when the migration chains them. `osUser` is the account those rows name: this
    /// process's, unless a test says otherwise.
    public init(path: String, access: Access = .create, store: CareQueueConfig.Store = CareQueueConfig.Store(),
                busyTimeout: TimeInterval = 5, auditChain: AuditChain = AuditChain(key: nil),
                osUser: String = ProcessAccount.current) throws {
        self.path = path
        localPath = path
        self.osUser = osUser
        checkpoints = WALCheckpoints(path: path)
        settings = Mutex(StoreSettings(chain: auditChain))
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists, access != .create { throw StoreError.noDatabase(path: path) }
        var configuration = Configuration()
        configuration.label = "CareQueue"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = access == .readOnly
        // Debian builds SQLite with TEMP_STORE=1: statement journals (savepoints) and sorts would
        // otherwise create, write and unlink a file in /var/tmp on every commit.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        do {
            if access == .readOnly {
                auditAnchor = AuditAnchorFile(databasePath: path, sharedGroup: nil)
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.read { db in try Self.checkSchema(db, path: path, mayMigrate: false) }
                sqlitePool = pool
                engine = SQLiteEngine(pool: pool, location: path)
                return
            }
            let gid = try store.group.map { name in
                guard let gid = FilePermissions.groupID(named: name) else { throw StoreError.unknownGroup(name) }
                return gid
            }
            auditAnchor = AuditAnchorFile(databasePath: path, sharedGroup: gid)
            if !exists, let retired = try AuditAnchorFile.retireOrphan(databasePath: path, at: Date()) {
                Logger(label: "carequeue.audit").warning("an audit anchor without its database was moved to \(retired)")
            }
            let pool = try FilePermissions.withUmask(FilePermissions.umask(sharedWithGroup: gid != nil)) {
                if !exists {
                    try FileManager.default.createDirectory(
                        at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                }
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.writeWithoutTransaction { db in try Self.checkSchema(db, path: path, mayMigrate: true) }
                try Schema.makeMigrator(auditChain: auditChain).migrate(pool)
                return pool
            }
            if let gid { try FilePermissions.share(databaseAt: path, with: gid, required: !exists) }
            try Self.applySynchronous(store.synchronous, on: pool, path: path)
            sqlitePool = pool
            engine = SQLiteEngine(pool: pool, location: path)
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Opens the PostgreSQL database `settings` names, migrating it first unless `access` is read-only.
    ///
    /// The audit chain's anchor is a file in `anchorDirectory` named after the server and database:
    /// each host keeps its own witness of the heads it saw, outside the rows it protects.
    public init(postgres settings: PostgresSettings, access: Access = .create, anchorDirectory: String,
                auditChain: AuditChain = AuditChain(key: nil), osUser: String = ProcessAccount.current) throws {
        path = settings.redacted
        self.osUser = osUser
        checkpoints = WALCheckpoints(path: "")
        self.settings = Mutex(StoreSettings(chain: auditChain))
        sqlitePool = nil
        localPath = settings.location.localPath(in: anchorDirectory)
        auditAnchor = AuditAnchorFile(databasePath: localPath, sharedGroup: nil)
        let engine = try PostgresEngine(settings: settings)
        self.engine = engine
        try PostgresMigrations.prepare(engine, access: access, auditChain: auditChain)
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL, 1 = NORMAL).
    public func writerSynchronous() throws -> Int {
        do {
            return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    private static func applySynchronous(_ level: CareQueueConfig.Synchronous, on pool: DatabasePool, path: String) throws {
        let expected = level == .full ? 2 : 1
        let actual = try pool.writeWithoutTransaction { db in
            try db.execute(sql: level == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        guard actual == expected else {
            throw StoreError.synchronousNotApplied(path: path, expected: expected, actual: actual)
        }
    }

    /// Refuses files CareQueue did not make and schemas from a newer (or, read-only, older) CareQueue.
    private static func checkSchema(_ db: Database, path: String, mayMigrate: Bool) throws {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            """)
        if tables.isEmpty, mayMigrate { return }
        let migrator = Schema.migrator
        guard tables.contains("grdb_migrations"),
              try migrator.appliedIdentifiers(db).contains(Schema.firstMigration) || tables.count == 1
        else { throw StoreError.notCareQueueDatabase(path: path) }
        if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
        if !mayMigrate, try !migrator.hasCompletedMigrations(db) { throw StoreError.olderSchema(path: path) }
    }
}
