@testable import CareQueueTUI
import Foundation
import Testing

@Suite("README's key table names every key the help overlay lists")
struct ReadmeKeyTableTests {
    /// The first column of README's dashboard key table, backticks removed.
    static func readmeKeys() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "| key | does |") else { return [] }
        return text[start.upperBound...].split(separator: "\n").dropFirst()
            .prefix { $0.hasPrefix("|") }
            .compactMap { $0.split(separator: "|", omittingEmptySubsequences: false).dropFirst().first }
            .map { $0.replacingOccurrences(of: "`", with: "") }
    }

    @Test("each key of each help line appears in a row of README's table")
    func everyHelpKeyIsInReadme() throws {
        let rows = try Self.readmeKeys()
        #expect(!rows.isEmpty, "README has no key table")
        let words = Set(rows.flatMap { $0.split(whereSeparator: { " ,()".contains($0) }).map(String.init) })
        var missing: [String] = []
        for (keys, text) in HelpView.keys {
            for key in keys.split(separator: " ").map(String.init) where !words.contains(key) {
                missing.append("\(key) (\(text))")
            }
        }
        #expect(missing.isEmpty, "README's key table lacks: \(missing)")
    }
}
