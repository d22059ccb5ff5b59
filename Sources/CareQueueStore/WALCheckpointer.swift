import Dispatch
import Foundation
import GRDB
import Synchronization

/// Checkpoints the write-ahead log from a connection of its own, on a thread of its own.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, on the
/// committing connection: with the store writer that is a commit whose ACKs are waiting, stalled
/// for 1–95 ms. The writer turns its automatic checkpoint off while this runs; a PASSIVE
/// checkpoint here copies committed pages into the database without blocking the writer.
final class WALCheckpointer: Sendable {
    static let interval: TimeInterval = 1

    private let connection: DatabaseQueue
    private let dirty = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "CareQueue.checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    func start() {
        let thread = Thread { [self] in
            while !stopRequested.load(ordering: .acquiring) {
                _ = wake.wait(timeout: .now() + Self.interval)
                if dirty.exchange(false, ordering: .acquiringAndReleasing) { checkpoint() }
            }
            finished.signal()
        }
        thread.name = "carequeue.checkpoint"
        thread.start()
    }

    /// A commit added WAL pages: the next round checkpoints.
    func noteCommit() {
        dirty.store(true, ordering: .releasing)
    }

    /// Stops the thread after a last checkpoint.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake.signal()
        finished.wait()
        checkpoint()
    }

    private func checkpoint() {
        // PASSIVE never waits for readers or the writer; what it cannot copy now, the next round will.
        // A failure (a full disk) is the writer's to report: its commits fail with the reason.
        if (try? connection.writeWithoutTransaction({ db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") })) != nil {
            completed.add(1, ordering: .relaxed)
        }
    }

    /// Checkpoints run so far.
    var checkpoints: Int { completed.load(ordering: .relaxed) }
}

extension CareQueueDatabase {
    /// Turns the writer connection's automatic checkpoint off and starts checkpointing beside it;
    /// nil (automatic checkpoints stay on) when the second connection cannot be opened.
    func takeOverCheckpoints() -> WALCheckpointer? {
        guard let checkpointer = try? WALCheckpointer(path: path) else { return nil }
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            return nil
        }
        checkpointer.start()
        return checkpointer
    }

    /// Stops `checkpointer` after a last checkpoint and turns automatic checkpoints back on, for
    /// whatever this process still writes once its store writer has closed.
    func handBackCheckpoints(_ checkpointer: WALCheckpointer) {
        checkpointer.stop()
        _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
    }
}
