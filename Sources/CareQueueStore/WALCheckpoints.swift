import CareQueueCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Takes checkpoints off the writer thread. SQLite's automatic checkpoint runs inside whichever
/// commit pushes the WAL past 1,000 frames — an ACK's, or a derivation chunk the next ACK waits
/// behind — and copying and syncing ~4 MB takes 5–95 ms. The writer connection counts frames
/// instead (a WAL hook replaces the automatic checkpoint) and wakes a thread of its own, on a
/// connection of its own, for a PASSIVE checkpoint: it runs beside the writer, which keeps
/// appending meanwhile, and it never waits for readers.
final class WALCheckpoints: Sendable {
    /// SQLite's default automatic checkpoint size.
    static let frames = 1_000

    private let path: String
    private let walFrames = Atomic<Int>(0)
    private let installed = Atomic<Bool>(false)
    private let checkpointer: Mutex<Checkpointer?> = Mutex(nil)
    /// Checkpoints done (for tests).
    let completed = Atomic<Int>(0)

    init(path: String) {
        self.path = path
    }

    deinit {
        checkpointer.withLock { $0 }?.stop()
    }

    /// Counts the WAL's frames after each commit of `db` (the writer connection) instead of checkpointing.
    func install(on db: Database) {
        guard installed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpoints>.fromOpaque(context).takeUnretainedValue().committed(framesInWAL: Int(frames))
            return SQLITE_OK
        }, context)
    }

    /// Frames in the WAL after the writer connection's last commit.
    var framesInWAL: Int { walFrames.load(ordering: .relaxed) }

    private func committed(framesInWAL frames: Int) {
        walFrames.store(frames, ordering: .relaxed)
        guard frames >= Self.frames else { return }
        let thread = checkpointer.withLock { running in
            if running == nil {
                running = Checkpointer(path: path, done: { [weak self] in self?.completed.add(1, ordering: .relaxed) })
            }
            return running
        }
        thread?.request(framesInWAL: frames)
    }
}

/// The thread that checkpoints, with its own connection, woken by the writer's WAL hook.
private final class Checkpointer: Sendable {
    private struct State {
        var requestedAt: Int?
        /// A checkpoint that readers kept from finishing is not tried again before the WAL grows this far.
        var nextAt = WALCheckpoints.frames
        var stopping = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(path: String, done: @escaping @Sendable () -> Void) {
        // The thread keeps this object until `stop()`.
        let thread = Thread { [self] in
            var handle: OpaquePointer?
            guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let connection = handle else {
                sqlite3_close(handle)
                return
            }
            defer { sqlite3_close_v2(connection) }
            sqlite3_busy_timeout(connection, 1_000)
            // A connection that has read nothing yet does not know the database is in WAL mode:
            // its checkpoint would do nothing.
            _ = sqlite3_exec(connection, "SELECT count(*) FROM sqlite_master", nil, nil, nil)
            while true {
                wake.wait()
                let frames = state.withLock { state -> Int? in state.stopping ? nil : state.requestedAt.take() }
                guard let frames else {
                    if state.withLock({ $0.stopping }) { return }
                    continue
                }
                var log: Int32 = 0
                var copied: Int32 = 0
                let result = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
                state.withLock { state in
                    // Fully copied: the next write starts the WAL over. Otherwise wait for it to grow.
                    state.nextAt = result == SQLITE_OK && copied >= log ? WALCheckpoints.frames : frames + WALCheckpoints.frames
                }
                done()
            }
        }
        thread.name = "carequeue.checkpointer"
        thread.start()
    }

    func request(framesInWAL frames: Int) {
        let wanted = state.withLock { state -> Bool in
            guard !state.stopping, state.requestedAt == nil, frames >= state.nextAt else { return false }
            state.requestedAt = frames
            return true
        }
        if wanted { wake.signal() }
    }

    func stop() {
        state.withLock { $0.stopping = true }
        wake.signal()
    }
}
