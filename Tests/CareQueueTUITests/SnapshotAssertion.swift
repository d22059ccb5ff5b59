import CareQueueTUI
import Foundation
import Testing

/// The outcome of comparing a grid with its committed snapshot.
enum SnapshotVerdict: Equatable {
    case matched
    case recorded(URL)
    case missing(String)
    case mismatched(String)
}

/// Where snapshots live and whether this run records them (`SNAPSHOT_RECORD=1 swift test`).
struct SnapshotStore {
    var directory: URL
    var record: Bool

    /// `Tests/CareQueueTUITests/__Snapshots__`, recording when `SNAPSHOT_RECORD=1`.
    static let standard = SnapshotStore(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__"),
        record: ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1")

    func url(for name: String) -> URL { directory.appendingPathComponent("\(name).txt") }

    func check(_ grid: CellGrid, named name: String) -> SnapshotVerdict {
        let url = url(for: name)
        let actual = SnapshotFormat.serialize(grid)
        if record {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                return .recorded(url)
            } catch {
                return .missing("could not record snapshot '\(name)' at \(url.path): \(error)")
            }
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return .missing("no snapshot '\(name)' at \(url.path); record it with `SNAPSHOT_RECORD=1 swift test --filter CareQueueTUITests` and commit the file")
        }
        if expected == actual { return .matched }
        return .mismatched("snapshot '\(name)' differs from \(url.path); if the change is intended, rerun with SNAPSHOT_RECORD=1\n"
            + Self.difference(expected: expected, actual: actual))
    }

    /// The differing lines, numbered, expected (-) above actual (+); at most 24.
    static func difference(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : "(none)"
            let after = index < new.count ? String(new[index]) : "(none)"
            if before != after { report += ["line \(index + 1):", "- \(before)", "+ \(after)"] }
        }
        return report.prefix(24 * 3).joined(separator: "\n")
    }
}

/// Fails the test unless `grid` matches the committed snapshot `name` (a missing one fails too).
func assertSnapshot(_ grid: CellGrid, named name: String, store: SnapshotStore = .standard,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    switch store.check(grid, named: name) {
    case .matched, .recorded:
        break
    case .missing(let message), .mismatched(let message):
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
