import Foundation

/// Where the package, its sample data and the built `carequeue` binary are, for tests.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/Paths.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let sampleData = packageRoot.appendingPathComponent("SampleData")

    /// The `carequeue` executable `swift test` built beside the test bundle.
    public static var carequeueBinary: URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDir.appendingPathComponent("carequeue"),
            Bundle.main.bundleURL.appendingPathComponent("carequeue"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("carequeue"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// The sample `.hl7` files (top level of SampleData, sorted), excluding `bad/`.
    public static func sampleMessages() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: sampleData, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "hl7" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    public static func badMessages() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: sampleData.appendingPathComponent("bad"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "hl7" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A fresh empty directory under the system temp dir.
    public static func temporaryDirectory(_ label: String = "carequeue-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
