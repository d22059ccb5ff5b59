import Foundation
import Synchronization

/// A child process started with `posix_spawn`, its stdout and stderr appended to one file so it can
/// never block on a full pipe. Every wait on it is bounded.
final class ChildProcess: Sendable {
    /// How a child ended.
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    /// Set once the child has been reaped; its pid may then belong to another process.
    private let ended = Mutex<Termination?>(nil)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `executable` with `arguments`, stdin from /dev/null, stdout and stderr appended to `output`.
    static func spawn(_ executable: String, _ arguments: [String], output: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        // What this process ignores (SIGPIPE for NIO, signals a handler owns) a service would not.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], environment + [nil])
        guard status == 0 else {
            throw SpawnFailure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// How the child ended, or nil while it runs (reaps it once it has ended).
    var termination: Termination? {
        ended.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            // WIFEXITED and friends are macros Swift cannot see.
            let signal = status & 0x7F
            ended = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
            return ended
        }
    }

    /// Sends `signal` unless the child has already been reaped.
    func send(_ signal: Int32) {
        ended.withLock { ended in
            if ended == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits up to `limit` for the child to end; nil when it is still running.
    func waitForExit(within limit: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let termination { return termination }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// SIGKILL and reap: no drain, no cleanup, as far as the child knows a power cut.
    @discardableResult
    func killAndReap() async -> Termination? {
        send(SIGKILL)
        return await waitForExit(within: .seconds(10))
    }

    /// SIGTERM (the listener drains and stops), then SIGKILL after `grace`. Says whether it ended by itself.
    func terminate(grace: Duration) async -> (termination: Termination?, clean: Bool) {
        send(SIGTERM)
        if let termination = await waitForExit(within: grace) { return (termination, true) }
        return (await killAndReap(), false)
    }
}
