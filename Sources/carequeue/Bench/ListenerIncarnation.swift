import Foundation

/// One run of `carequeue listen --port 0` on the kill loop's database, as a child of this binary.
///
/// Every incarnation appends its stderr to the same log, after a marker line, so a failure can
/// show the tail of what the listeners said.
struct ListenerIncarnation: Sendable {
    /// Why a listener did not come up.
    struct StartFailure: Error, CustomStringConvertible {
        var reason: String
        var logTail: String
        var description: String { "\(reason)\n--- listener log (tail) ---\n\(logTail)" }
    }

    /// This very binary, even if the file was replaced since it started.
    static let executable = "/proc/self/exe"

    let process: ChildProcess
    let number: Int
    /// Where in the log this incarnation's output begins.
    private let logOffset: UInt64
    private let log: String

    /// Spawns incarnation `number`; `arguments` follow `listen` (database, configuration, port).
    static func spawn(number: Int, arguments: [String], log: String) throws -> ListenerIncarnation {
        let marker = "--- killtest: listener incarnation \(number) ---\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? handle.close() }
        let offset = try handle.seekToEnd() + UInt64(marker.utf8.count)
        try handle.write(contentsOf: Data(marker.utf8))
        let process = try ChildProcess.spawn(executable, ["listen"] + arguments, output: log)
        return ListenerIncarnation(process: process, number: number, logOffset: offset, log: log)
    }

    /// The port from the `listening on HOST:PORT` line, waiting up to `limit` for it.
    ///
    /// Throws when the child ends first or says nothing in time (it is killed then).
    func waitUntilListening(within limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while true {
            if let port = Self.port(inLog: output) { return port }
            if let ended = process.termination {
                throw StartFailure(reason: "listener incarnation \(number) ended (\(ended)) before it listened",
                                   logTail: Self.tail(of: log))
            }
            guard ContinuousClock.now < deadline else {
                await process.killAndReap()
                throw StartFailure(reason: "listener incarnation \(number) did not say `listening on` within \(limit)",
                                   logTail: Self.tail(of: log))
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// What this incarnation has written so far.
    var output: String {
        guard let handle = FileHandle(forReadingAtPath: log) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: logOffset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The port of the first `listening on HOST:PORT` line of `text`, if one has been written whole.
    static func port(inLog text: String) -> Int? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        where line.hasPrefix("listening on ") {
            return line.split(separator: ":").last.flatMap { Int($0) }
        }
        return nil
    }

    /// The last `lines` lines of the file at `path`.
    static func tail(of path: String, lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
