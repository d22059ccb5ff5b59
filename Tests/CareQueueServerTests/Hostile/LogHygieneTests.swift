import CareQueueCore
import Foundation
import HL7
import Logging
import MLLP
import TestSupport
import Testing

/// Every byte from the network is escaped and bounded before it reaches a log line, and above debug
/// a line never carries patient data.
@Suite("Hostile input: the listener's log", .serialized)
struct LogHygieneTests {
    static let hostile: [[UInt8]] = [
        Draft().with { $0.control = "C1\u{1B}]0;owned\u{7}" }.bytes,
        Draft().with { $0.control = "C2\u{1B}[2J" }.bytes,
        Draft().with { $0.version = "2.5\u{1B}[2J" }.bytes,
        Draft().with { $0.type = "ADT\u{1B}[31m^A01" }.bytes,
        Draft().with { $0.application = "LAB\u{1B}]2;x\u{7}" }.bytes,
        // A continuation line makes MSH-10 span a line break: a forged log line if written raw.
        Array("MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301||ORU^R01|C3\r2026-12-06 notice forged|P|2.5.1\r".utf8)
            + Array(Draft().segments.dropFirst().joined(separator: "\r").utf8) + [0x0D],
        Draft().with { $0.control = String(repeating: "X", count: 5_000) }.bytes,
        Array("\u{1B}[2J not HL7 \u{7}\r".utf8),
    ]

    @Test("no control character and no unbounded value reaches any log line, at any level")
    func escapedAndBounded() async throws {
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .trace))
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        for message in Self.hostile {
            _ = try await client.send(message, timeout: .seconds(10))
        }
        await client.close()
        await live.stop()

        let lines = capture.all
        #expect(lines.contains { $0.text.contains("control id \"C1\\x1B]0;owned\\x07\"") })
        for line in lines {
            #expect(!line.text.unicodeScalars.contains(where: UntrustedText.isControl), "\(line.text.debugDescription)")
            #expect(line.text.count < 600, "\(line.text.prefix(80))…")
        }
    }

    @Test("above debug, a refusal names sender, control id, type, answer, code and location — no patient data")
    func noPatientDataAboveDebug() async throws {
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .info))
        let client = MLLPClient(host: "127.0.0.1", port: live.port)
        let patient = Draft().with { $0.family = "Secretname"; $0.mrn = "MRN55501" }
        for message in [MessageShapeTests.disagreeing.bytes, patient.with { $0.version = "2.1" }.bytes,
                        patient.with { $0.mrn = "" }.bytes, MessageShapeTests.mergedIntoHeader] {
            _ = try await client.send(message, timeout: .seconds(10))
        }
        await client.close()
        await live.stop()

        let refusals = capture.all.filter { $0.text.contains(" AE ") || $0.text.contains(" AR ") }
        #expect(refusals.count == 4)
        #expect(refusals.first?.text.hasSuffix("AE 102 (Data type error) at PID^1 from LAB / HOSP control id \"CTRL5\" type ORU^R01") == true)
        for line in capture.all {
            for secret in ["Secretname", "MRN55501", "19700101", "555-0100"] {
                #expect(!line.text.contains(secret), "\(line.text)")
            }
        }
    }
}
