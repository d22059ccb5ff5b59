import CareQueueCore
import Foundation
import Testing

@Suite("Outbox: the header's and the detail's words")
struct OutboxTextTests {
    static let now = Date(timeIntervalSince1970: 1_772_366_400)  // 2026-03-01T12:00:00Z

    static func entry(_ status: OutboxEntry.Status, attempts: Int = 0, deliverableIn: TimeInterval = -60,
                      failingFor: TimeInterval? = nil, lastError: String? = nil, ackCode: String? = nil) -> OutboxEntry {
        OutboxEntry(id: 12, taskID: 42, event: .close, controlID: "CID1", messageType: "MDM^T02", status: status,
                    createdAt: now.addingTimeInterval(-120), deliverableAt: now.addingTimeInterval(deliverableIn),
                    attempts: attempts, nextAttemptAt: now, firstFailureAt: failingFor.map { now.addingTimeInterval(-$0) },
                    lastError: lastError, ackCode: ackCode, finishedAt: status == .waiting ? nil : now.addingTimeInterval(-30))
    }

    static func time(_ date: Date) -> String { "T\(Int(date.timeIntervalSince(now)))" }

    @Test("header: waiting with the oldest's age, unreachable first when failing, failed counted; nothing when all is well")
    func header() {
        #expect(OutboxSummary().headerText(at: Self.now) == nil)
        #expect(OutboxSummary(waiting: 3, oldestWaitingAt: Self.now.addingTimeInterval(-125)).headerText(at: Self.now)
            == "⇢ 3 waiting, oldest 2m")
        #expect(OutboxSummary(waiting: 3, oldestWaitingAt: Self.now.addingTimeInterval(-900),
                              unreachableSince: Self.now.addingTimeInterval(-300)).headerText(at: Self.now)
            == "⇢ EHR unreachable 5m, 3 waiting")
        #expect(OutboxSummary(failed: 1).headerText(at: Self.now) == "⇢ 1 failed")
        #expect(OutboxSummary(waiting: 1, oldestWaitingAt: Self.now, failed: 2).headerText(at: Self.now)
            == "⇢ 1 waiting, oldest 0s, 2 failed")
    }

    @Test("detail line for each state")
    func lines() {
        func line(_ entry: OutboxEntry) -> String { OutboxText.line(entry, at: Self.now, time: Self.time) }
        #expect(line(Self.entry(.waiting, deliverableIn: 8)) == "close: held until T8 (undo window), then sent to the EHR")
        #expect(line(Self.entry(.waiting, attempts: 1)) == "close: sending to the EHR")
        #expect(line(Self.entry(.waiting, attempts: 5, failingFor: 300, lastError: "connection refused by 127.0.0.1:2575"))
            == "close: not yet delivered — EHR unreachable since T-300, 5 sends: connection refused by 127.0.0.1:2575")
        #expect(line(Self.entry(.delivered, attempts: 1, ackCode: "AA")) == "close: delivered to the EHR T-30 (AA)")
        #expect(line(Self.entry(.failed, attempts: 1, lastError: "AE: unknown patient", ackCode: "AE"))
            == "close: failed — AE: unknown patient (carequeue outbox retry 12)")
        #expect(line(Self.entry(.cancelled)) == "close: not sent (the action was undone)")
    }
}
