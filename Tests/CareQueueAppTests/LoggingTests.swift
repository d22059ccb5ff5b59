@testable import CareQueueApp
import CareQueueCore
import Foundation
import Logging
import TestSupport
import Testing

@Suite("Logs: line formats, the level, the dashboard file's rotation")
struct LoggingTests {
    private let time = Date(timeIntervalSince1970: 1_772_373_909.123_4)  // 2026-03-01T14:05:09.123Z

    @Test("a text line: time to the millisecond, level, component, message, then fields")
    func textLine() {
        let line = LogLine(time: time, level: .notice, component: "carequeue.listener", event: "AE 101", fields: ["peer": "10.0.0.9:4000"])
        #expect(line.rendered(as: .text) == "2026-03-01T14:05:09.123Z notice carequeue.listener: AE 101 peer=10.0.0.9:4000")
        #expect(LogLine.listening(on: "0.0.0.0:2575", component: "carequeue.listen", at: time, as: .text) == "listening on 0.0.0.0:2575")
    }

    @Test("a JSON line is one object whatever the message holds, and reads back to the same text")
    func jsonLine() throws {
        let event = "control id \"Q\\\\Z\\x07\" \u{1}\n\u{2028}é"
        let rendered = LogLine(time: time, level: .warning, component: "carequeue.listener", event: event,
                               fields: ["peer": "a\"b"]).rendered(as: .json)
        #expect(!rendered.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect(object["time"] as? String == "2026-03-01T14:05:09.123Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["component"] as? String == "carequeue.listener")
        #expect(object["event"] as? String == event)
        #expect(object["fields"] as? [String: String] == ["peer": "a\"b"])

        let listening = LogLine.listening(on: "127.0.0.1:2575", component: "carequeue.listen", at: time, as: .json)
        #expect(listening.hasPrefix(#"{"event":"listening","address":"127.0.0.1:2575","#))
        #expect(try JSONSerialization.jsonObject(with: Data(listening.utf8)) is [String: Any])
    }

    @Test("the level: CAREQUEUE_LOG_LEVEL, else [log] level, else the command's; an unknown name is refused")
    func level() throws {
        var settings = CareQueueConfig.Log()
        #expect(try LogSetup.level(settings, default: .info, environment: [:]) == .info)
        settings.level = .warning
        #expect(try LogSetup.level(settings, default: .info, environment: [:]) == .warning)
        #expect(try LogSetup.level(settings, default: .info, environment: ["CAREQUEUE_LOG_LEVEL": "DEBUG"]) == .debug)
        #expect(throws: CommandFailure.self) {
            try LogSetup.level(settings, default: .info, environment: ["CAREQUEUE_LOG_LEVEL": "verbose"])
        }
    }

    @Test("the dashboard's log file turns over before it passes max_bytes, keeping `keep` old files")
    func rotation() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-log")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cq.sqlite.log").path
        let file = try DashboardLogFile(path: path, maxBytes: 1000, keep: 2)
        let lines = (1...60).map { String(format: "line %02d ", $0) + String(repeating: "x", count: 91) }  // 100 bytes with the newline
        for line in lines { file.append(line) }

        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["cq.sqlite.log", "cq.sqlite.log.1", "cq.sqlite.log.2"])
        func text(_ name: String) throws -> String { try String(contentsOfFile: directory.appendingPathComponent(name).path, encoding: .utf8) }
        for name in names {
            #expect(try Data(contentsOf: directory.appendingPathComponent(name)).count <= 1000, "\(name)")
        }
        // Newest in the file itself, the ten before it in .1, the ten before those in .2.
        #expect(try text("cq.sqlite.log") == lines[50...].map { $0 + "\n" }.joined())
        #expect(try text("cq.sqlite.log.1") == lines[40..<50].map { $0 + "\n" }.joined())
        #expect(try text("cq.sqlite.log.2") == lines[30..<40].map { $0 + "\n" }.joined())
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
