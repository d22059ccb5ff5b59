import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import HL7
import StoreFixtures
import Testing
import TestSupport

/// Against peers nobody here wrote: python-hl7 (`hl7`: its MLLP server and `mllp_send`) and hl7apy.
/// Skipped with a message when no Python has both packages, except under CI=true, where they fail.
@Suite("Interop with python-hl7 and hl7apy", .serialized, .enabled(if: PythonPeers.shouldRun, "no python with `hl7` and `hl7apy`: run .ci/run, or python3 -m venv .venv && .venv/bin/pip install hl7 hl7apy"))
struct InteropTests {
    static let interop = TestPaths.packageRoot.appendingPathComponent("Tests/Interop")

    /// Every message of the valid SampleData files, in file order.
    static func validMessages() throws -> [[UInt8]] {
        let messages = try TestPaths.sampleMessages().flatMap { HL7FileSplitter.split([UInt8](try Data(contentsOf: $0))) }
        try #require(messages.count >= 20, "SampleData should hold at least 20 messages")
        return messages
    }

    @Test("carequeue send against python-hl7's MLLP server: every message answered AA")
    func sendToPythonServer() async throws {
        let python = try PythonPeers.require()
        let server = Process()
        server.executableURL = python
        server.arguments = [Self.interop.appendingPathComponent("mllp_ack_server.py").path, "--port", "0"]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { Subprocess.stop(server) }
        let line = String(decoding: out.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        let port = try #require(Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), "server said \(line)")

        let files = try TestPaths.sampleMessages().map(\.path)
        let result = try Subprocess.carequeue(["send", "--port", String(port), "--timeout", "10"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == (try Self.validMessages()).count)
        #expect(lines.allSatisfy { $0.hasSuffix(" AA") }, "\(result.stdout)")
    }

    @Test("python-hl7's mllp_send against our listener: AA (or CA when asked) for every message", arguments: StoreKind.available)
    func mllpSendToListener(kind: StoreKind) throws {
        let python = try PythonPeers.require()
        let mllpSend = python.deletingLastPathComponent().appendingPathComponent("mllp_send")
        try #require(FileManager.default.isExecutableFile(atPath: mllpSend.path), "mllp_send is installed with python-hl7")
        let workspace = try LifecycleWorkspace(label: "interop", kind: kind)
        let directory = workspace.directory
        let listener = try workspace.listenerProcess()
        defer { listener.stop() }

        let messages = try Self.validMessages()
        var framed: [UInt8] = []
        for message in messages { framed += [0x0B] + message + [0x1C, 0x0D] }
        let file = directory.appendingPathComponent("framed.mllp")
        try Data(framed).write(to: file)
        let result = try Subprocess.run(mllpSend, ["--file", file.path, "--port", String(listener.port), "127.0.0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        let codes = result.stdout.components(separatedBy: "MSA|").dropFirst().map { String($0.prefix(2)) }
        #expect(codes.count == messages.count, "\(result.stdout.prefix(400))")
        #expect(codes.allSatisfy { $0 == "AA" || $0 == "CA" }, "\(codes)")
    }

    @Test("our ACKs for every sample message parse with hl7apy and python-hl7")
    func acksParse() throws {
        let python = try PythonPeers.require()
        let directory = try TestPaths.temporaryDirectory("acks")
        defer { try? FileManager.default.removeItem(at: directory) }
        let intake = FrameIntake(processingIDs: ["P"])
        let composer = AckComposer()
        var expected: [String: (code: String, controlID: String)] = [:]
        let files = try TestPaths.sampleMessages() + TestPaths.badMessages()
        var index = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            let messages = HL7FileSplitter.split(bytes)
            for message in messages.isEmpty ? [bytes] : messages {
                let decision = intake.classify(message, peer: "test", receivedAt: Date())
                let outcome: Result<IngestOutcome, StoreFailure>
                switch decision.item.content {
                case .result, .order, .consultNote: outcome = .success(.accepted(messageID: 1))
                case .refused(let refusal): outcome = .success(.refused(refusal))
                }
                guard let ack = composer.ack(for: decision.inbound, result: outcome, at: Date()) else { continue }
                let path = directory.appendingPathComponent(String(format: "ack-%03d.hl7", index)).path
                index += 1
                try Data(ack).write(to: URL(fileURLWithPath: path))
                let code = try HL7Message(parsing: ack).firstSegment(withID: "MSA")?[1].text ?? ""
                expected[path] = (code, decision.item.controlID ?? "")
            }
        }
        try #require(expected.count >= 25)
        let result = try Subprocess.run(python, [Self.interop.appendingPathComponent("check_acks.py").path] + expected.keys.sorted())
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        for line in result.stdout.split(separator: "\n") {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let file = try #require(json["file"] as? String)
            #expect(json["hl7apy_ok"] as? Bool == true, "\(json)")
            #expect(json["python_hl7_ok"] as? Bool == true, "\(json)")
            #expect(json["msa1"] as? String == expected[file]?.code)
            #expect(json["msa2"] as? String == expected[file]?.controlID)
        }
    }
}

extension FileHandle {
    /// Reads until the first newline (a child's "listening on" line).
    func availableDataUntilNewline() -> Data {
        var data = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { return data }
            data.append(byte)
        }
    }
}
