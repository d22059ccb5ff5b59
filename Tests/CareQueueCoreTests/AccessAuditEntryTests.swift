import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("Access events as audit rows")
struct AccessAuditEntryTests {
    static let at = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("each event becomes its action, task and details", arguments: [
        Named("task detail", AccessEvent.taskViewed(taskID: 7),
              Expected(AccessAuditEntry.taskViewed, 7, ["via": "detail", "terminal": "/dev/pts/3"])),
        Named("raw message", AccessEvent.rawMessageViewed(messageID: 12),
              Expected(AccessAuditEntry.messageViewed, nil, ["via": "raw", "message_id": "12", "terminal": "/dev/pts/3"])),
        Named("dashboard start", AccessEvent.dashboardStarted(mode: "board"),
              Expected(AccessAuditEntry.dashboardStarted, nil, ["mode": "board", "terminal": "/dev/pts/3"])),
        Named("dashboard end", AccessEvent.dashboardEnded, Expected(AccessAuditEntry.dashboardEnded, nil, ["terminal": "/dev/pts/3"])),
        Named("lock", AccessEvent.screenLocked, Expected(AccessAuditEntry.screenLocked, nil, ["terminal": "/dev/pts/3"])),
        Named("unlock", AccessEvent.screenUnlocked, Expected(AccessAuditEntry.screenUnlocked, nil, ["terminal": "/dev/pts/3"])),
    ])
    func rows(_ row: Named<AccessEvent, Expected>) {
        let entry = AccessAuditEntry(row.input, at: Self.at, user: "kim", terminal: "/dev/pts/3")
        #expect(entry.action == row.expected.action)
        #expect(entry.taskID == row.expected.taskID)
        #expect(entry.details == row.expected.details)
        #expect(entry.user == "kim")
        #expect(entry.at == Self.at)
        #expect(AccessAuditEntry.actions.contains(entry.action))
    }

    @Test("tasks show says so")
    func tasksShow() {
        let entry = AccessAuditEntry(.taskViewed(taskID: 3), at: Self.at, user: "kim", terminal: "none", via: .tasksShow)
        #expect(entry.details == ["via": "tasks show", "terminal": "none"])
    }

    struct Expected: Sendable, Equatable {
        var action: String
        var taskID: Int64?
        var details: [String: String]
        init(_ action: String, _ taskID: Int64?, _ details: [String: String]) {
            self.action = action
            self.taskID = taskID
            self.details = details
        }
    }
}
