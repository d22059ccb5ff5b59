import CareQueueStore
import Foundation
import TestSupport
import Testing

@Suite("A long-running process's writes after another process exits")
struct WALSharingTests {
    @Test("an audited write, then another process's command: this process's next write is seen by everyone")
    func writesStayVisible() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        // A dashboard's process: an audited action anchors the audit chain (and fsyncs the files).
        let database = try CareQueueDatabase(path: workspace.db, access: .existing)
        try database.perform(.acknowledge, onTask: Int64(id)!, by: "sam", at: Date())
        // Another process comes and goes.
        let closed = try workspace.run(["tasks", "close", id, "--outcome", "reached", "--note", "x"], user: "kim")
        #expect(closed.status == 0, "\(closed.stderr)")
        try database.addNote("written after kim's command", toTask: Int64(id)!, by: "sam", at: Date())
        let listed = try workspace.run(["audit", "list", "--task", id, "--action", "task.note"])
        #expect(listed.stdout.contains("task.note"), "the write went into a WAL nobody else reads: \(listed.stdout)")
    }
}
