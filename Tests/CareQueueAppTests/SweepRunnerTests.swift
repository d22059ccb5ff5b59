import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import TestSupport
import Testing

@Suite struct SweepRunnerTests {
    @Test func aSweepRefusedByTheStoreIsLoggedNotThrown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("q.sqlite").path
        let database = try CareQueueDatabase(path: path)
        var config = CareQueueConfig()
        config.audit.keyFile = directory.appendingPathComponent("missing.key").path
        #expect(throws: (any Error).self) { try database.configure(config) }
        let capture = LogCapture()
        SweepRunner.run(database, at: Date(timeIntervalSince1970: 1_800_000_000), logger: capture.logger(level: .info))
        #expect(capture.all.map(\.level) == [.error])
        #expect(capture.all.first?.text.contains("escalation sweep failed") == true)
    }
}
