import Foundation
import Glibc
import StoreFixtures
import Testing
import TestSupport

/// Issue 12 items 5 and 6 end to end in tmux: the automatic lock hides every patient while the
/// in-process listener keeps answering, and the kiosk board ignores the keys a passer-by might press.
@Suite("Dashboard lock and kiosk board in a terminal", .serialized,
       .enabled(if: TmuxDriver.executable != nil || TmuxDriver.isCI, "tmux is not installed: skipping the terminal tests"))
struct DashboardLockTests {
    typealias Session = DashboardTerminalSession

    /// What `sendResults` puts on screen about its patients: names, MRNs and tests.
    static let patientWords = ["Müller", "Anna", "Lund", "Ola", "García", "José", "MRN-E2E", "Potassium", "Sodium", "Glucose"]

    static func patientWords(in pane: [String]) -> [String] {
        patientWords.filter { word in pane.contains { $0.contains(word) } }
    }

    /// The account running the tests, and so the dashboard: what unlocks it.
    static var account: String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return String(getuid()) }
        return String(cString: name)
    }

    static func locked(_ pane: [String]) -> Bool { pane.contains { $0.contains("CareQueue · locked") } }

    @Test("idle_lock = \"3s\": locked with no patient on screen after 4 s without a key, the listener still ACKs, the account name unlocks",
          arguments: StoreKind.available)
    func lockAndUnlock(kind: StoreKind) async throws {
        let session = try Session("dashboard-lock", kind: kind, config: "[ui]\nidle_lock = \"3s\"\n")
        let terminal = session.terminal

        // It locks by itself a few seconds after opening; results sent while locked are still ACKed.
        try #require(terminal.wait(timeout: 10, until: Self.locked) != nil, "it did not lock: \(terminal.capture())")
        let sent = try session.sendResults()
        #expect(sent.split(separator: "\n").map { $0.hasSuffix(" AA") } == [true, true, true], "\(sent)")
        #expect(try session.tasks(count: 3).count == 3)
        // Store changes arrive while locked; none of them may draw a patient.
        for _ in 0..<10 {
            let pane = terminal.capture()
            #expect(Self.locked(pane), "\(pane.joined(separator: "\n"))")
            #expect(Self.patientWords(in: pane) == [])
            usleep(100_000)
        }

        // q is typed into the field, not obeyed; another name is refused.
        try terminal.press("q")
        try terminal.type("nobody-here")
        try terminal.press("Enter")
        let refused = try #require(terminal.wait(for: "Not this session's account"), "\(terminal.capture())")
        #expect(Self.locked(refused))
        #expect(!refused.contains { $0.contains("EXITED") })
        #expect(!refused.contains { $0.contains("nobody") }, "the typed text is not echoed")

        try terminal.type(Self.account)
        try terminal.press("Enter")
        try #require(terminal.wait(for: "Dr Ada Chen      3") != nil, "the account name did not unlock: \(terminal.capture())")
        try terminal.press("Tab")
        let queue = try #require(terminal.wait(for: "Dr Ada Chen · 3 open"), "\(terminal.capture())")
        #expect(queue.contains { $0.contains("Müller, Anna") })
        let lastKey = Date()

        // No key for 4 s: nothing about a patient is left on screen.
        let relocked = try #require(terminal.wait(timeout: 10, until: Self.locked), "it did not lock again")
        #expect(Date().timeIntervalSince(lastKey) >= 2, "locked before idle_lock had passed")
        usleep(useconds_t(max(0, 4 - Date().timeIntervalSince(lastKey)) * 1_000_000))
        let after = terminal.capture()
        #expect(Self.locked(after) && Self.patientWords(in: after) == [], "\(after.joined(separator: "\n"))")
        #expect(Self.patientWords(in: relocked) == [])

        // Ctrl-C still ends it from the keyboard.
        try terminal.press("C-c")
        #expect(terminal.wait(for: "EXITED 0") != nil, "Ctrl-C did not end the locked dashboard: \(terminal.capture())")
    }

    @Test("--board --kiosk: counts and provider names only; q, Enter and / change nothing and do not quit; Ctrl-C ends it",
          arguments: StoreKind.available)
    func kioskIgnoresKeys(kind: StoreKind) async throws {
        let session = try Session("dashboard-kiosk", kind: kind, flags: ["--board", "--kiosk"], config: "[ui]\nidle_lock = \"3s\"\n")
        let terminal = session.terminal
        try #require(terminal.wait(for: "· kiosk") != nil, "the kiosk board did not open: \(terminal.capture())")
        try session.sendResults()
        let board = try #require(terminal.wait(for: "Dr Ada Chen"), "the board's rows did not come: \(terminal.capture())")
        #expect(Self.patientWords(in: board) == [])
        // The new critical flashes the totals for ten seconds: wait for the board to be still.
        try #require(terminal.wait(timeout: 20) { !$0.contains { $0.contains("▲ New critical") } } != nil)

        // The header's clock and "last … ago" move; everything under it must stay as it was.
        let before = Array(terminal.capture().dropFirst())
        for key in ["q", "Enter", "/", "Tab", "?", "v"] {
            try terminal.press(key)
        }
        try terminal.type("Müller")
        // Longer than idle_lock: the kiosk does not lock either.
        usleep(4_000_000)
        let after = terminal.capture()
        #expect(Array(after.dropFirst()) == before, "\(after.joined(separator: "\n"))")
        #expect(!after.contains { $0.contains("EXITED") }, "q ended the kiosk")
        #expect(!Self.locked(after))

        try terminal.press("C-c")
        #expect(terminal.wait(for: "EXITED 0") != nil, "Ctrl-C did not end the kiosk: \(terminal.capture())")
    }
}
