import Foundation
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
        // Not through `Subprocess`: the server this starts keeps the client's stdout and stderr open,
        // so reading them to the end would never finish.
        let process = Process()
        process.executableURL = tmux
        process.arguments = ["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)",
                             "-y", "\(height)", "env \(variables) sh -c \(Self.quoted(command))"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TmuxError("tmux new-session failed (\(process.terminationStatus))") }
    }

    deinit { kill() }

    /// The pane's text now, one string per row.
    func capture() -> [String] {
        let result = try? Subprocess.run(tmux, ["-S", socket, "capture-pane", "-p", "-t", "t"], timeout: 10)
        return (result?.stdout ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Presses keys by tmux name ("Down", "Enter", "Escape", "q").
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
