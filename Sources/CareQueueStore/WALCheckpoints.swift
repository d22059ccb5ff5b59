import CareQueueCore
import GRDB
import GRDBSQLite
import Synchronization

/// Takes checkpoints off the ACK path. SQLite's automatic checkpoint runs inside whichever commit
/// pushes the WAL past 1,000 frames: often an ACK's, which then waits for it (1–95 ms measured).
/// The writer connection counts frames instead (a WAL hook replaces the automatic checkpoint), and
/// a PASSIVE checkpoint runs after a derivation chunk or on the listener's upkeep beat.
final class WALCheckpoints: Sendable {
    /// SQLite's default automatic checkpoint size.
    static let frames = 1_000

    private let walFrames = Atomic<Int>(0)
    private let installed = Atomic<Bool>(false)

    /// Counts the WAL's frames after each commit of `db` (the writer connection) instead of checkpointing.
    func install(on db: Database) {
        guard installed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpoints>.fromOpaque(context).takeUnretainedValue().walFrames.store(Int(frames), ordering: .relaxed)
            return SQLITE_OK
        }, context)
    }

    /// Frames in the WAL after the writer connection's last commit (0 after a checkpoint of ours).
    var framesInWAL: Int { walFrames.load(ordering: .relaxed) }

    /// A PASSIVE checkpoint on `db` when the WAL has grown past `frames` (it never waits for readers).
    func checkpointIfDue(_ db: Database) throws {
        guard installed.load(ordering: .relaxed), walFrames.load(ordering: .relaxed) >= Self.frames else { return }
        try db.checkpoint(.passive)
        walFrames.store(0, ordering: .relaxed)
    }
}

extension CareQueueDatabase {
    /// Checkpoints the WAL if the store writer's commits have grown it past SQLite's usual size.
    public func checkpointIfDue() throws {
        do {
            try pool.writeWithoutTransaction { db in try checkpoints.checkpointIfDue(db) }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}
