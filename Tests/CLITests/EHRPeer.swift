import Foundation
import Testing
import TestSupport

/// python-hl7's MLLP server standing in for the EHR (Tests/Interop/mllp_ack_server.py): it logs every
/// message it receives as `CONTROL_ID ANSWER` before answering.
final class EHRPeer {
    struct Received: Equatable {
        var controlID: String
        /// AA, AE, or DROP (the connection was closed unanswered).
        var answer: String
    }

    static let script = TestPaths.packageRoot.appendingPathComponent("Tests/Interop/mllp_ack_server.py")

    let port: Int
    let log: URL
    private let process = Process()
    /// The scratch directory holding the log, removed with the peer.
    private let directory: URL

    /// Starts the server on `port` (0: any free port) with `options` (`--refuse-containing T`,
    /// `--drop-first N`, `--delay S`, TLS), logging to a scratch file of its own.
    init(port: Int = 0, options: [String] = []) throws {
        directory = try TestPaths.temporaryDirectory("ehr")
        let log = directory.appendingPathComponent("ehr.log")
        process.executableURL = try PythonPeers.require()
        process.arguments = [Self.script.path, "--port", String(port), "--log", log.path] + options
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let bound = text.split(separator: ":").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw HarnessError("the EHR peer did not start: \(text)")
        }
        self.port = bound
        self.log = log
    }

    /// Everything received so far, in order.
    func received() -> [Received] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? Received(controlID: String(parts[0]), answer: String(parts[1])) : nil
        }
    }

    func stop() {
        Subprocess.stop(process)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
