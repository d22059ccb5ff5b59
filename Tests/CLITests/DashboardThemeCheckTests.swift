import Foundation
import Testing
import TestSupport

/// `carequeue themes check` over every shipped theme and over the parser fixtures.
@Suite("Theme files checked by the binary")
struct DashboardThemeCheckTests {
    static let themes = TestPaths.packageRoot.appendingPathComponent("Themes")
    static let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/ThemeFixtures")

    static func files(in directory: URL, prefix: String = "") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".theme") && $0.hasPrefix(prefix) }.sorted()
    }

    @Test("the five themes a user is promised ship in Themes/")
    func shippedThemes() {
        let shipped = Set(Self.files(in: Self.themes))
        for name in ["default", "light", "high-contrast", "monochrome", "colorblind"] {
            #expect(shipped.contains("\(name).theme"), "Themes/\(name).theme is missing")
        }
    }

    @Test("every shipped theme passes `carequeue themes check`", arguments: files(in: themes))
    func shippedThemeChecks(file: String) throws {
        let result = try Subprocess.carequeue(["themes", "check", Self.themes.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(file): \(result.stderr)")
        #expect(result.stdout.contains(": ok ("))
    }

    @Test("a valid fixture passes", arguments: files(in: fixtures, prefix: "valid-"))
    func validFixture(file: String) throws {
        let result = try Subprocess.carequeue(["themes", "check", Self.fixtures.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(file): \(result.stderr)")
    }

    @Test("an invalid fixture fails, naming each bad line", arguments: files(in: fixtures, prefix: "invalid-"))
    func invalidFixture(file: String) throws {
        let path = Self.fixtures.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expectLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("# expect: ") })
        let lines = expectLine.dropFirst("# expect: ".count).split(separator: ",").map { Int($0)! }
        let result = try Subprocess.carequeue(["themes", "check", path])
        #expect(result.status != 0)
        let reported = result.stderr.split(separator: "\n").filter { $0.contains("\(path):") }
        #expect(reported.count == lines.count, "\(result.stderr)")
        for line in lines {
            #expect(result.stderr.contains("\(path):\(line): "), "line \(line) not reported: \(result.stderr)")
        }
    }
}
