import CareQueueApp
import Foundation

/// The kill loop's folder: a fresh database, the listeners' configuration and their log.
struct KillTestWorkspace: Sendable {
    let directory: URL
    /// True when `--keep` named the folder: it stays whatever the outcome.
    let keptByRequest: Bool

    var database: String { directory.appendingPathComponent("killtest.sqlite").path }
    var configuration: String { directory.appendingPathComponent("config.toml").path }
    var listenerLog: String { directory.appendingPathComponent("listener.log").path }
    var auditLog: String { directory.appendingPathComponent("audit-verify.log").path }

    /// `keep` (created when missing; it must not hold a kill-loop database already), else a new
    /// folder under the system's temporary directory.
    static func make(keep: String?) throws -> KillTestWorkspace {
        let directory: URL
        if let keep {
            directory = URL(fileURLWithPath: keep)
        } else {
            let name = "carequeue-killtest-\(getpid())-\(UUID().uuidString.prefix(8))"
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        }
        let workspace = KillTestWorkspace(directory: directory, keptByRequest: keep != nil)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("\(directory.path): cannot create the folder: \(error.localizedDescription)")
        }
        guard !FileManager.default.fileExists(atPath: workspace.database) else {
            throw CommandFailure("\(workspace.database) exists: the kill loop needs a fresh database (name an empty folder)")
        }
        _ = FileManager.default.createFile(atPath: workspace.listenerLog, contents: nil)
        return workspace
    }

    /// Writes the listeners' configuration: loopback only, `synchronous=FULL` (what an AA promises).
    func writeConfiguration() throws {
        let text = """
            # Written by `carequeue bench killtest` for the listeners it starts and kills.
            [listener]
            host = "127.0.0.1"

            [store]
            synchronous = "full"

            """
        do {
            try text.write(toFile: configuration, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("\(configuration): cannot write: \(error.localizedDescription)")
        }
    }

    /// Removes the folder (a passing run that was not asked to keep it).
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
