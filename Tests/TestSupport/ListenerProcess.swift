import Foundation

/// `carequeue listen` as a child process on port 0, for end-to-end tests.
public final class ListenerProcess: @unchecked Sendable {
    public let process = Process()
    public let port: Int
    public let databasePath: String
    private let stderrLog: URL

    /// Starts the listener and waits (up to `timeout`) for its `listening on HOST:PORT` line (or,
    /// with `[log] format = "json"`, its `{"event":"listening","address":"HOST:PORT",…}` line).
    /// `log` is where its stderr goes: beside the database file unless given (a PostgreSQL URL is no path).
    public init(database: String, arguments: [String] = [], environment: [String: String] = [:],
                log: URL? = nil, timeout: TimeInterval = 30) throws {
        databasePath = database
        stderrLog = log ?? URL(fileURLWithPath: database + ".listener.log")
        FileManager.default.createFile(atPath: stderrLog.path, contents: nil)
        let log = try FileHandle(forWritingTo: stderrLog)
        process.executableURL = TestPaths.carequeueBinary
        process.arguments = ["listen", "--db", database, "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first, let port = Self.port(announcedBy: String(line)) {
                found = port
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            process.terminate()
            throw ListenerStartFailure(log: (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? "")
        }
        port = found
    }

    private static func port(announcedBy line: String) -> Int? {
        var address = line.hasPrefix("listening on ") ? line : nil
        if line.hasPrefix("{"), line.hasSuffix("}"),
           let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
           object["event"] as? String == "listening" {
            address = object["address"] as? String
        }
        return address.flatMap { Int($0.split(separator: ":").last ?? "") }
    }

    /// Everything the listener wrote to stderr so far.
    public var log: String { (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? "" }

    /// SIGTERM (drain) and wait; SIGKILL if it has not exited within 30 s.
    public func stop() {
        Subprocess.stop(process, grace: 30)
    }

    /// SIGKILL: no drain, no cleanup — a power cut as far as the process is concerned.
    public func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill() } }

    public struct ListenerStartFailure: Error, CustomStringConvertible {
        public var log: String
        public var description: String { "listener did not start: \(log)" }
    }
}
