import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Access audit rows and who looked at a patient")
struct AccessAuditStoreTests {
    /// Two patients' tasks (MRN1, MRN2) and a refused message; kim opens MRN1's detail, sam runs
    /// `tasks show` on MRN2's and opens the raw messages of MRN1's result and of the refusal.
    private func viewed(_ kind: StoreKind) throws -> (store: TestStore, first: Int64, second: Int64) {
        let store = try TestStore.lifecycle(kind)
        let first = try store.newTask(Fixture.task(1, .critical))
        let second = try store.newTask(Fixture.task(2, .routine))
        try store.ingest(Fixture.refused("R1"))
        let firstMessage = Int64(try store.count("SELECT latest_message_id FROM tasks WHERE id = \(first)"))
        let refusedMessage = try store.count("SELECT max(id) FROM messages")
        let at = store.clock.now()
        try store.database.appendAccess([
            AccessAuditEntry(.taskViewed(taskID: first), at: at, user: "kim", terminal: "/dev/pts/1"),
            AccessAuditEntry(.taskViewed(taskID: second), at: at, user: "sam", terminal: "none", via: .tasksShow),
            AccessAuditEntry(.rawMessageViewed(messageID: firstMessage), at: at, user: "sam", terminal: "/dev/pts/2"),
            AccessAuditEntry(.rawMessageViewed(messageID: Int64(refusedMessage)), at: at, user: "sam", terminal: "/dev/pts/2"),
        ])
        return (store, first, second)
    }

    @Test("access rows carry the label, the account, the terminal and how the task was shown; the chain holds", arguments: StoreKind.available)
    func rows(kind: StoreKind) throws {
        let (store, first, second) = try viewed(kind)
        let views = try store.database.auditRecords(AuditFilter(action: AccessAuditEntry.taskViewed))
        #expect(views.map(\.taskID) == [first, second])
        #expect(views.map(\.user) == ["kim", "sam"])
        #expect(views.allSatisfy { $0.osUser == Fixture.account })
        #expect(views.map { AuditDetails($0.details).string("via") } == ["detail", "tasks show"])
        #expect(views.map { AuditDetails($0.details).string("terminal") } == ["/dev/pts/1", "none"])
        // Written in one transaction and anchored at once.
        let rows = try store.count("SELECT COUNT(*) FROM audit")
        #expect(try store.verify() == .intact(rows: rows, keyed: false))
    }

    @Test("--mrn finds the patient's task rows and views of their messages, and no one else's", arguments: StoreKind.available)
    func whoLooked(kind: StoreKind) throws {
        let (store, first, _) = try viewed(kind)

        let patient = try store.database.auditRecords(AuditFilter(mrn: "MRN1"))

        #expect(patient.map(\.action) == ["task.created", "task.viewed", "message.viewed"])
        #expect(patient.filter { $0.taskID != nil }.allSatisfy { $0.taskID == first })
        let looked = try store.database.auditRecords(AuditFilter(action: AccessAuditEntry.taskViewed, mrn: "MRN1"))
        #expect(looked.map(\.user) == ["kim"])
        #expect(try store.database.auditRecords(AuditFilter(mrn: "MRN-NOBODY")).isEmpty)
        // The refused message's view is found by its action; it names no patient the store knows.
        let messageViews = try store.database.auditRecords(AuditFilter(action: AccessAuditEntry.messageViewed))
        #expect(messageViews.count == 2)
        #expect(try store.database.auditRecords(AuditFilter(action: AccessAuditEntry.messageViewed, mrn: "MRN2")).isEmpty)
    }

    @Test("a task's story shows what was done to it, not who looked", arguments: StoreKind.available)
    func storyLeavesViewsOut(kind: StoreKind) throws {
        let (store, first, _) = try viewed(kind)
        let story = try #require(try store.database.taskStory(id: first))
        #expect(story.audit.map(\.action) == ["task.created"])
        #expect(try store.database.auditRecords(AuditFilter(taskID: first)).map(\.action) == ["task.created", "task.viewed"])
    }

    @Test("nothing to write writes nothing", arguments: StoreKind.available)
    func empty(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.database.appendAccess([])
        #expect(try store.count("SELECT COUNT(*) FROM audit") == 0)
    }
}
