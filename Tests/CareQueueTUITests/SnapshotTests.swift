import CareQueueTUI
import Foundation
import Testing

@Suite("Snapshots")
struct SnapshotTests {
    @Test("the demo screen at 80×24")
    func demoAt80x24() {
        assertSnapshot(DemoScreen.render(DemoScreen.Model(), size: GridSize(width: 80, height: 24)), named: "demo-80x24")
    }

    @Test("the demo screen at 120×40 with the second row selected")
    func demoAt120x40() {
        var model = DemoScreen.Model()
        model.selected = 1
        assertSnapshot(DemoScreen.render(model, size: GridSize(width: 120, height: 40)), named: "demo-120x40")
    }

    @Test("serialising then parsing gives back the same grid, wide characters and roles included")
    func roundTrip() throws {
        let grid = DemoScreen.render(DemoScreen.Model(), size: GridSize(width: 80, height: 24))
        let parsed = try SnapshotFormat.parse(SnapshotFormat.serialize(grid)).get()
        #expect(parsed == grid)
    }

    @Test("the format: size header, framed lines, then role runs per row")
    func format() {
        var grid = CellGrid(width: 10, height: 2)
        grid.put("患者 ab", x: 0, y: 0, role: .header)
        grid.restyle(Rect(x: 5, y: 0, width: 5, height: 1), role: .queueSelected)
        #expect(SnapshotFormat.serialize(grid) == """
            CellGrid 10x2
            |患者 ab   |
            |          |
            roles:
            row 0: 0-4 header, 5-9 queue.selected
            row 1: 0-9 normal

            """)
    }

    @Test("a snapshot that does not describe its own size is rejected with the line")
    func malformedSnapshot() {
        let text = "CellGrid 4x1\n|abc|\nroles:\nrow 0: 0-3 normal\n"
        guard case .failure(let error) = SnapshotFormat.parse(text) else {
            Issue.record("a 3-cell line in a 4-wide grid parsed")
            return
        }
        #expect(error.line == 2)
    }

    @Test("a missing snapshot fails and says how to record it")
    func missingSnapshotFails() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SnapshotStore(directory: directory, record: false)
        let verdict = store.check(CellGrid(width: 3, height: 1), named: "never-recorded")
        guard case .missing(let message) = verdict else {
            Issue.record("expected .missing, got \(verdict)")
            return
        }
        #expect(message.contains("SNAPSHOT_RECORD=1"))
        #expect(message.contains("never-recorded"))
    }

    @Test("assertSnapshot records an issue for a missing snapshot")
    func assertSnapshotReportsMissing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SnapshotStore(directory: directory, record: false)
        withKnownIssue {
            assertSnapshot(CellGrid(width: 3, height: 1), named: "never-recorded", store: store)
        }
    }

    @Test("recording writes the file, after which the same grid matches and a changed one does not")
    func recordThenCompare() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var grid = CellGrid(width: 6, height: 1)
        grid.put("José", x: 0, y: 0, role: .normal)
        #expect(SnapshotStore(directory: directory, record: true).check(grid, named: "g")
            == .recorded(directory.appendingPathComponent("g.txt")))
        let store = SnapshotStore(directory: directory, record: false)
        #expect(store.check(grid, named: "g") == .matched)

        grid.put("Jose", x: 0, y: 0, role: .error)
        guard case .mismatched(let message) = store.check(grid, named: "g") else {
            Issue.record("a changed grid matched its old snapshot")
            return
        }
        #expect(message.contains("- |José  |"))
        #expect(message.contains("+ |Jose  |"))
        #expect(message.contains("+ row 0: 0-3 error, 4-5 normal"))
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cq-snapshots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
