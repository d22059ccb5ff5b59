import CareQueueApp
import Foundation
import GRDBSQLite
import Synchronization

/// Watches the tasks table from a connection of its own, as a dashboard would, and notes when each
/// message's task (by its control id) became visible: arrival → visible for every message.
final class TaskVisibility: Sendable {
    private let seen = Mutex<[String: ContinuousClock.Instant]>([:])
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<String?>(nil)

    /// Starts polling `path` every 0.5 ms on a thread of its own.
    init(path: String) {
        let thread = Thread { [self] in
            defer { finished.signal() }
            do {
                let database = try RawSQLite(path: path, readOnly: true)
                let newer = try database.prepare("SELECT id, latest_control_id FROM tasks WHERE id > ? ORDER BY id")
                var last: Int64 = 0
                while !stopping.load(ordering: .relaxed) {
                    let now = ContinuousClock.now
                    try newer.each([.int(last)]) { row in
                        last = sqlite3_column_int64(row, 0)
                        let controlID = String(cString: sqlite3_column_text(row, 1))
                        seen.withLock { if $0[controlID] == nil { $0[controlID] = now } }
                    }
                    usleep(500)
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        thread.name = "bench.task-visibility"
        thread.start()
    }

    /// Waits until `count` tasks were seen (or `limit` passed), stops, and returns when each was seen.
    func stop(after count: Int, within limit: Duration) throws -> [String: ContinuousClock.Instant] {
        let deadline = ContinuousClock.now + limit
        while seen.withLock({ $0.count }) < count, ContinuousClock.now < deadline, failure.withLock({ $0 }) == nil {
            usleep(2_000)
        }
        stopping.store(true, ordering: .relaxed)
        finished.wait()
        if let failure = failure.withLock({ $0 }) { throw CommandFailure("watching tasks: \(failure)") }
        return seen.withLock { $0 }
    }
}
