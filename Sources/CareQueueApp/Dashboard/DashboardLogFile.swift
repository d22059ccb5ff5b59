import CareQueueCore
import Foundation
import Glibc
import Logging
import Synchronization

/// The log while the dashboard owns the terminal: `<database>.log` beside the database, mode 0600
/// (log lines hold no patient data, but they name people and hosts).
///
/// Curses owns stdout and stderr's terminal: anything written there would garble the screen. So log
/// lines go to this file, and stderr itself is pointed at it while the dashboard runs.
///
/// A line that would take the file past `[log] max_bytes` first turns it over: `<db>.log` becomes
/// `<db>.log.1`, `.1` becomes `.2` … and the file past `[log] keep` is dropped.
public final class DashboardLogFile: LogSink {
    public let path: String
    private let maxBytes: Int
    private let keep: Int
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        /// stderr points at the file (`captureStandardError`), so a new file must take it over.
        var holdsStandardError = false
    }

    /// Opens (creating, mode 0600) `path` for appending.
    public init(path: String, maxBytes: Int = CareQueueConfig.Log().maxBytes, keep: Int = CareQueueConfig.Log().keep) throws {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = max(1, keep)
        state = Mutex(State(descriptor: try Self.open(path)))
    }

    deinit { state.withLock { _ = close($0.descriptor) } }

    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot open the log file \(path): \(String(cString: strerror(errno)))")
        }
        // An older file may have been made with a wider mode.
        _ = fchmod(descriptor, 0o600)
        return descriptor
    }

    /// Appends one line (a single write, so lines from different threads never interleave).
    public func append(_ line: String) {
        state.withLock { state in
            var status = stat()
            // The size on disk, not a count of our own writes: captured stderr writes here too.
            if fstat(state.descriptor, &status) == 0, status.st_size > 0,
               Int(status.st_size) + line.utf8.count + 1 > maxBytes {
                rotate(&state)
            }
            WholeLine.write(line, to: state.descriptor)
        }
    }

    private func rotate(_ state: inout State) {
        for number in stride(from: keep - 1, through: 1, by: -1) {
            _ = rename("\(path).\(number)", "\(path).\(number + 1)")
        }
        _ = rename(path, "\(path).1")
        // If the new file cannot be made, lines keep going to the renamed one rather than nowhere.
        guard let fresh = try? Self.open(path) else { return }
        if state.holdsStandardError { _ = dup2(fresh, STDERR_FILENO) }
        close(state.descriptor)
        state.descriptor = fresh
    }

    /// Sends every logger of the process here (once per process: swift-log allows one bootstrap).
    public func bootstrapLogging(_ settings: CareQueueConfig.Log, default level: Logger.Level) throws(CommandFailure) {
        try LogSetup.bootstrap(settings, default: level, sink: self)
    }

    /// Points stderr at the file while it is a terminal; returns what `restoreStandardError` needs.
    public func captureStandardError() -> Int32? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return state.withLock { state in
            let saved = dup(STDERR_FILENO)
            guard saved >= 0, dup2(state.descriptor, STDERR_FILENO) >= 0 else { return nil }
            state.holdsStandardError = true
            return saved
        }
    }

    /// Gives stderr back to the terminal.
    public func restoreStandardError(_ saved: Int32?) {
        guard let saved else { return }
        state.withLock { state in
            _ = dup2(saved, STDERR_FILENO)
            state.holdsStandardError = false
        }
        close(saved)
    }
}
