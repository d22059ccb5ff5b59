import CareQueueCore
import Foundation
import Testing
import TestSupport

/// hl7apy, a parser no one here wrote, checks our outbound messages against the message structure
/// of their version (strict: groups, required fields, data types and lengths), and python-hl7 reads
/// the escaped note back.
@Suite("Outbound messages: hl7apy validation", .enabled(if: PythonPeers.shouldRun,
       "no python with `hl7` and `hl7apy`: run .ci/run, or python3 -m venv .venv && .venv/bin/pip install hl7 hl7apy"))
struct OutboundInteropTests {
    static let script = TestPaths.packageRoot.appendingPathComponent("Tests/Interop/validate_outbound.py").path

    /// One JSON object per file, keyed by the file.
    static func validate(_ messages: [String: String]) throws -> (status: Int32, results: [String: [String: Any]]) {
        let python = try PythonPeers.require()
        let directory = try TestPaths.temporaryDirectory("outbound")
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String: String] = [:]
        for (name, text) in messages {
            let path = directory.appendingPathComponent(name + ".hl7").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths[path] = name
        }
        let run = try Subprocess.run(python, [script] + paths.keys.sorted(), timeout: 120)
        var results: [String: [String: Any]] = [:]
        for line in run.stdout.split(separator: "\n") {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            results[paths[json["file"] as? String ?? ""] ?? "?"] = json
        }
        #expect(results.count == messages.count, "\(run.stdout)\n\(run.stderr)")
        return (run.status, results)
    }

    @Test("MDM^T02 and ORU^R01 validate in every supported version, escaped notes included")
    func everyVersionValidates() throws {
        var escaped = OutboundSamples.close
        escaped.note = "K+ 6.8|repeat^draw & call ~ 2h\\ later\nsecond line"
        escaped.actor.name = "Zoë Ångström"
        var messages: [String: String] = [:]
        for version in CareQueueConfig.Outbound.supportedVersions {
            for type in CareQueueConfig.Outbound.MessageType.allCases {
                let name = "\(type == .mdmT02 ? "MDM_T02" : "ORU_R01")-\(version)"
                messages[name] = OutboundSamples.encode(OutboundSamples.close, type, version: version)
                messages[name + "-escaped"] = OutboundSamples.encode(escaped, type, version: version)
            }
        }
        let (status, results) = try Self.validate(messages)
        #expect(status == 0)
        for (name, json) in results.sorted(by: { $0.key < $1.key }) {
            #expect(json["ok"] as? Bool == true, "\(name): \(json["errors"] ?? "")")
            #expect(json["structure"] as? String == String(name.prefix(7)), "\(name)")
            #expect(json["version"] as? String == name.split(separator: "-")[1].description, "\(name)")
            if name.hasSuffix("-escaped") {
                let obx5 = json["obx5"] as? [String] ?? []
                #expect(obx5.contains("K+ 6.8|repeat^draw & call ~ 2h\\ later"), "\(name): \(obx5)")
                #expect(obx5.contains("second line"), "\(name): \(obx5)")
            }
        }
    }

    @Test("the validator refuses a message that breaks its structure (so the check above can fail)")
    func validatorRefuses() throws {
        let valid = OutboundSamples.encode()
        let withoutTXA = valid.split(separator: "\r").filter { !$0.hasPrefix("TXA") }.map { $0 + "\r" }.joined()
        let (status, results) = try Self.validate(["no-TXA": withoutTXA])
        #expect(status == 1)
        #expect(results["no-TXA"]?["ok"] as? Bool == false)
    }
}
