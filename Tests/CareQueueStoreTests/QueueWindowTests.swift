import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Queue window for the dashboard")
struct QueueWindowTests {
    @Test("most urgent first: critical, then overdue, then due soonest; total counts the whole queue",
          arguments: StoreKind.available)
    func order(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        // Given a routine task received first (so overdue soonest among routines) …
        let oldRoutine = try store.taskIDs(Fixture.result("R1", Fixture.order(filler: "F1", placer: "P-F1", observations: [Fixture.sodium()])))[0]
        store.clock.advance(by: 3 * 86_400 + 60)  // … now past its 72 h window
        let abnormal = try store.taskIDs(Fixture.result("A1", Fixture.order(filler: "F2", placer: "P-F2", observations: [Fixture.sodium("130", flags: ["L"])])))[0]
        let newRoutine = try store.taskIDs(Fixture.result("R2", Fixture.order(filler: "F3", placer: "P-F3", observations: [Fixture.sodium()])))[0]
        let critical = try store.taskIDs(Fixture.result("C1", Fixture.order(filler: "F4", placer: "P-F4", observations: [Fixture.potassium("6.8", flags: ["HH"])])))[0]
        let other = try store.taskIDs(Fixture.result("X1", Fixture.order(filler: "F5", placer: "P-F5", provider: Fixture.drB, observations: [Fixture.sodium()])))[0]

        // When the dashboard reads Dr A's queue, two rows at a time
        let first = try store.database.queueWindow(assignedNPI: Fixture.drA, at: store.clock.now(), limit: 2, offset: 0)
        let second = try store.database.queueWindow(assignedNPI: Fixture.drA, at: store.clock.now(), limit: 2, offset: 2)

        // Then
        #expect(first.total == 4)
        #expect(first.tasks.map(\.id) + second.tasks.map(\.id) == [critical, oldRoutine, abnormal, newRoutine])
        #expect(!(first.tasks + second.tasks).contains { $0.id == other })
        #expect(first.tasks.first?.observations.first?.flags == ["HH"])
    }
}
