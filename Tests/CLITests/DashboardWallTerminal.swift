import Foundation
import Glibc
import TestSupport

/// A tmux session for the board tests. The session is started with `posix_spawn` and `waitpid`:
/// the tmux server daemonises and keeps inherited descriptors, which can leave Foundation's
/// `Process` waiting for a client that has long exited. Keys and captures go through `Subprocess`.
final class WallTerminal {
    let socket: String
    private let tmux: URL

    init(command: String, width: Int, height: Int, directory: URL, environment: [String: String] = [:]) throws {
        guard let tmux = TmuxDriver.executable else { throw TmuxError("tmux is not installed") }
        self.tmux = tmux
        socket = directory.appendingPathComponent("tmux.sock").path
        let variables = (["TERM": "tmux-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"].merging(environment) { $1 })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxDriver.quoted($0.value))" }.joined(separator: " ")
        let status = Self.spawnAndWait(tmux.path, ["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                                                   "-x", "\(width)", "-y", "\(height)",
                                                   "env \(variables) sh -c \(TmuxDriver.quoted(command))"])
        guard status == 0 else { throw TmuxError("tmux new-session failed (\(status))") }
    }

    deinit { kill() }

    /// Runs `path` with stdin, stdout and stderr on /dev/null; its exit status, or -1.
    static func spawnAndWait(_ path: String, _ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// The pane's text, one string per row.
    func capture() -> [String] {
        let result = try? Subprocess.run(tmux, ["-S", socket, "capture-pane", "-p", "-t", "t"], timeout: 10)
        return (result?.stdout ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The pane with its SGR escapes (`capture-pane -e`).
    func captureWithEscapes() -> String {
        (try? Subprocess.run(tmux, ["-S", socket, "capture-pane", "-e", "-p", "-t", "t"], timeout: 10))?.stdout ?? ""
    }

    func press(_ keys: String...) throws { try run(["send-keys", "-t", "t"] + keys) }

    func type(_ text: String) throws { try run(["send-keys", "-t", "t", "-l", text]) }

    /// Polls the pane until `condition` holds; the pane then, or nil after `timeout`.
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

    @discardableResult
    func wait(for text: String, timeout: TimeInterval = 15) -> [String]? {
        wait(timeout: timeout) { pane in pane.contains { $0.contains(text) } }
    }

    func kill() {
        _ = Self.spawnAndWait(tmux.path, ["-S", socket, "kill-server"])
    }

    private func run(_ arguments: [String]) throws {
        let result = try Subprocess.run(tmux, ["-S", socket] + arguments, timeout: 10)
        guard result.status == 0 else { throw TmuxError("tmux \(arguments.first ?? ""): \(result.stderr)") }
    }
}
