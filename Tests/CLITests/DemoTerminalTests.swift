import Foundation
import Testing
import TestSupport

/// README's first command, end to end in a real terminal: `carequeue demo` opens the dashboard on a
/// fresh demo database beside the configured one, with SampleData loaded and a live feed.
@Suite("carequeue demo in a terminal", .serialized,
       .enabled(if: TmuxDriver.executable != nil || TmuxDriver.isCI, "tmux is not installed: skipping the terminal tests"))
struct DemoTerminalTests {
    /// "… 39 today …" in the header.
    static func messagesToday(_ screen: [String]) -> Int? {
        let words = screen.first?.split(separator: " ") ?? []
        guard let index = words.firstIndex(of: "today"), index > 0 else { return nil }
        return Int(words[index - 1])
    }

    @Test("the demo opens on sample data, keeps a feed going, quits cleanly and never touches the real database")
    func demo() throws {
        guard TmuxDriver.executable != nil else {
            Issue.record("CI=true but tmux is not installed: the demo's terminal test cannot run")
            return
        }
        let directory = try TestPaths.temporaryDirectory("demo-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path
        let binary = TestPaths.carequeueBinary.path
        let terminal = try TmuxDriver(
            command: "cd \(TmuxDriver.quoted(TestPaths.packageRoot.path)) && \(TmuxDriver.quoted(binary)) demo --db \(TmuxDriver.quoted(database)) --user e2e --rate 5; echo EXITED $?; sleep 120",
            width: 120, height: 40, directory: directory)
        defer { terminal.kill() }

        let opened = try #require(terminal.wait(timeout: 30) { screen in
            screen.first?.contains("● up") == true && (Self.messagesToday(screen) ?? 0) > 0
        }, "the demo did not open with messages: \(terminal.capture())")
        #expect(opened.contains { $0.contains("Demo: due windows shortened to 3m / 15m / 45m") })
        let first = try #require(Self.messagesToday(opened))
        // SampleData's roster names the queues.
        #expect(opened.contains { $0.contains("Patel, Anika") })

        let later = terminal.wait(timeout: 20) { (Self.messagesToday($0) ?? 0) > first }
        #expect(later != nil, "the simulated feed did not add messages: \(terminal.capture())")

        try terminal.press("q")
        #expect(terminal.wait(for: "EXITED 0") != nil, "the demo did not quit cleanly: \(terminal.capture())")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("demo.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: database), "the demo created the configured database")
    }
}
