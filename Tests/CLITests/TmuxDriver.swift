import Foundation
import Glibc
import TestSupport

/// A program in a real terminal: a tmux session on a private socket, driven by key names and
/// read back with `capture-pane`. Waits poll the pane; nothing sleeps a fixed time.
final class TmuxDriver {
    /// The tmux executable, when one is installed.
    static let executable: URL? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// True under CI, where a missing tmux is a failure rather than a skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    let socket: String
    private let tmux: URL

    /// Starts `command` (run by `sh -c`) in a detached `width`×`height` session with a UTF-8 locale
    /// and `TERM=tmux-256color`.
    init(command: String, width: Int, height: Int, directory: URL, environment: [String: String] = [:]) throws {
        guard let tmux = Self.executable else { throw TmuxError("tmux is not installed") }
        self.tmux = tmux
        socket = directory.appendingPathComponent("tmux.sock").path
        let variables = (["TERM": "tmux-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"].merging(environment) { $1 })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        try Self.spawnDetached(tmux.path, ["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                                             "-x", "\(width)", "-y", "\(height)",
                                             "env \(variables) sh -c \(Self.quoted(command))"])
    }

    /// Runs `tmux new-session` and waits for the client. Not through `Process`: the tmux server it
    /// starts inherits Foundation's exit-watching descriptors, and the client would never be seen
    /// to exit. posix_spawn with stdio on /dev/null and waitpid do not care.
    private static func spawnDetached(_ path: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Signals the test runner ignores or blocks would be inherited by the server and the pane,
        // and then kill-server's SIGHUP would not end the program in it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError("cannot start tmux (error \(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else { throw TmuxError("tmux new-session failed (status \(status))") }
    }

    deinit { kill() }

    /// The pane's text now, one string per row.
    func capture() -> [String] {
        let result = try? Subprocess.run(tmux, ["-S", socket, "capture-pane", "-p", "-t", "t"], timeout: 10)
        var rows = (result?.stdout ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last == "" { rows.removeLast() }
        return rows
    }

    /// Presses keys by tmux name ("Down", "Enter", "Escape", "q").
    /// The pane with its SGR escapes (`capture-pane -e`), for colour checks.
    func captureWithEscapes() -> String {
        (try? Subprocess.run(tmux, ["-S", socket, "capture-pane", "-e", "-p", "-t", "t"], timeout: 10))?.stdout ?? ""
    }

    /// True once the program rang the terminal bell (tmux's window bell flag, set by BEL).
    func bellRang() -> Bool {
        let result = try? Subprocess.run(tmux, ["-S", socket, "display-message", "-p", "-t", "t", "#{window_bell_flag}"],
                                         timeout: 10)
        return result?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func press(_ keys: String...) throws {
        try run(["send-keys", "-t", "t"] + keys)
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "t", "-l", text])
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the pane until `condition` holds; returns the pane then, or nil after `timeout`.
    @discardableResult
    func wait(timeout: TimeInterval = 15, until condition: ([String]) -> Bool) -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let pane = capture()
            if condition(pane) { return pane }
            usleep(10_000)
        } while Date() < deadline
        return nil
    }

    /// Polls until some row contains `text`.
    @discardableResult
    func wait(for text: String, timeout: TimeInterval = 15) -> [String]? {
        wait(timeout: timeout) { pane in pane.contains { $0.contains(text) } }
    }

    func kill() {
        _ = try? Subprocess.run(tmux, ["-S", socket, "kill-server"], timeout: 10)
    }

    private func run(_ arguments: [String]) throws {
        let result = try Subprocess.run(tmux, ["-S", socket] + arguments, timeout: 10)
        guard result.status == 0 else { throw TmuxError("tmux \(arguments.first ?? ""): \(result.stderr)") }
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct TmuxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
