import Foundation
import TestSupport
import Testing

/// README's layout rule, enforced: HL7 ← Core ← {Store, Server, TUI} ← App ← `carequeue`, with MLLP
/// beside HL7 and the simulator on Core. Reads every `import` under Sources/ and fails on one the rule does not allow.
@Suite("The dependency rule")
struct DependencyRuleTests {
    /// The platform's own modules, which any module may use.
    static let system: Set<String> = ["Foundation", "Dispatch", "Synchronization", "Glibc", "Darwin", "Musl"]

    /// What each module under Sources/ may import besides `system`.
    static let allowed: [String: Set<String>] = [
        "HL7": [],
        "MLLP": ["NIOCore", "NIOPosix", "NIOSSL", "NIOTLS"],
        "CareQueueCore": ["HL7"],
        "CareQueueSimulator": ["CareQueueCore", "HL7"],
        // SQLite's C API (GRDBSQLite) only for what GRDB does not wrap (the WAL hook, direct binding);
        // PostgreSQL through postgres-nio, on NIO's event loops, with swift-nio-ssl for sslmode.
        "CareQueueStore": ["CareQueueCore", "HL7", "GRDB", "GRDBSQLite", "Logging", "Crypto", "PostgresNIO", "NIOCore", "NIOPosix", "NIOSSL"],
        "CareQueueServer": ["CareQueueCore", "HL7", "MLLP", "NIOCore", "NIOPosix", "NIOSSL", "NIOTLS", "Logging"],
        "CNcursesw": [],
        "CareQueueTUI": ["CareQueueCore", "CNcursesw"],
        "CareQueueApp": ["CareQueueCore", "CareQueueSimulator", "CareQueueStore", "CareQueueServer", "CareQueueTUI", "HL7", "MLLP",
                         "NIOCore", "NIOPosix", "NIOSSL", "Logging"],
        "carequeue": ["CareQueueApp", "CareQueueCore", "CareQueueSimulator", "CareQueueStore", "CareQueueServer", "CareQueueTUI", "HL7",
                      "MLLP", "NIOCore", "NIOPosix", "Logging", "ArgumentParser", "GRDBSQLite"],
    ]

    struct Import: Equatable, CustomStringConvertible {
        var module: String
        var file: String
        var line: Int
        var imported: String
        var description: String { "\(file):\(line) imports \(imported)" }
    }

    /// Every import line of every Swift file under `sources`, with the module (top directory) it is in.
    static func imports(under sources: URL) throws -> [Import] {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.flatMap { url -> [Import] in
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            let module = String(relative.prefix { $0 != "/" })
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            return lines.enumerated().compactMap { index, line in
                let words = line.split(separator: " ").map(String.init)
                guard let position = words.firstIndex(of: "import"), position + 1 < words.count,
                      words[..<position].allSatisfy({ ["@testable", "public", "internal", "package", "private",
                                                       "fileprivate", "@_exported", "@preconcurrency"].contains($0) })
                else { return nil }
                // `import struct Foo.Bar` and `import Foo.Bar` name the module Foo.
                let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]
                let name = kinds.contains(words[position + 1]) && position + 2 < words.count ? words[position + 2] : words[position + 1]
                return Import(module: module, file: "Sources/" + relative, line: index + 1,
                              imported: String(name.prefix { $0 != "." }))
            }
        }
    }

    @Test("every module under Sources/ is in the rule")
    func everyModuleIsNamed() throws {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }
        #expect(Set(modules).subtracting(Self.allowed.keys).sorted() == [])
    }

    @Test("no module imports what the rule forbids")
    func noForbiddenImport() throws {
        let found = try Self.imports(under: TestPaths.packageRoot.appendingPathComponent("Sources"))
        #expect(found.count > 100, "the scan found the imports")
        let forbidden = found.filter { item in
            !Self.system.contains(item.imported) && !(Self.allowed[item.module] ?? []).contains(item.imported)
        }
        #expect(forbidden.map(\.description) == [])
    }

    @Test("the scan catches a forbidden import, whatever its form")
    func scanCatchesForbidden() throws {
        let root = try TestPaths.temporaryDirectory("dependency-rule")
        defer { try? FileManager.default.removeItem(at: root) }
        let tui = root.appendingPathComponent("CareQueueTUI/View")
        try FileManager.default.createDirectory(at: tui, withIntermediateDirectories: true)
        try "import Foundation\n@testable import CareQueueStore\ninternal import struct GRDB.Row\n// import NIOCore\n"
            .write(to: tui.appendingPathComponent("Bad.swift"), atomically: true, encoding: .utf8)
        let found = try Self.imports(under: root)
        let forbidden = found.filter { !Self.system.contains($0.imported) && !(Self.allowed[$0.module] ?? []).contains($0.imported) }
        #expect(forbidden.map(\.imported) == ["CareQueueStore", "GRDB"])
        #expect(forbidden.map(\.line) == [2, 3])
    }
}
