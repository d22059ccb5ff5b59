import CareQueueCore
import CareQueueStore
import Testing
@testable import carequeue

/// The kill loop's oracle: what the senders were told against what the store holds.
///
/// Given: three messages from one sender — M1 reports order A preliminary (AA), M2 reports A final
/// and a new order B (AA), M3 has no MRN (AE) — and a store that holds exactly that. Each case
/// spoils the store (or an answer) the way a durability bug would and names what must be found.
@Suite("Kill test reconciliation")
struct KillTestReconciliationTests {
    static let lab = SenderID(application: "LAB^2.16.840.1.113883.19.4.6^ISO", facility: "NORTH")
    static let orderA = OrderIdentity(sender: lab, fillerNumber: "F1", placerNumber: "P1", serviceCode: "24323-8")
    static let orderB = OrderIdentity(sender: lab, fillerNumber: "F2", placerNumber: "P2", serviceCode: "58410-2")

    /// The answers and the store of one case.
    struct World: Sendable {
        var answers: [AnsweredMessage]
        var store: KillTestSnapshot

        static let consistent = World(
            answers: [
                answer(0, "M1", orders: [orderA], code: "AA"),
                answer(1, "M2", orders: [orderA, orderB], code: "AA"),
                answer(2, "M3", orders: [], code: "AE"),
            ],
            store: KillTestSnapshot(
                messages: [accepted(1, "M1"), accepted(2, "M2"), refused(3, "M3")],
                tasks: [task(10, orderA, latest: "M2", message: 2), task(11, orderB, latest: "M2", message: 2)],
                taskChanges: [change(10, "task.created", "M1"), change(10, "task.updated", "M2"),
                              change(11, "task.created", "M2")]))

        func with(_ spoil: (inout World) -> Void) -> World {
            var copy = self
            spoil(&copy)
            return copy
        }
    }

    /// What a case must find: control ids per check (the order for a stale task).
    struct Findings: Sendable, Equatable {
        var lost: [String] = []
        var duplicated: [String] = []
        var missingTasks: [String] = []
        var staleOrders: [String] = []
        var refusedNotReviewed: [String] = []
        var unexpectedAnswers: [String] = []
        var unexplained: [String] = []
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var world: World
        var expected: Findings
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a store that holds exactly what was acknowledged", world: .consistent, expected: Findings()),
        Case(name: "an AA'd message that is not stored",
             world: .consistent.with { $0.store.messages.removeAll { $0.controlID == "M1" } },
             expected: Findings(lost: ["M1"])),
        Case(name: "an AA'd message stored twice",
             world: .consistent.with { $0.store.messages.append(accepted(4, "M1")) },
             expected: Findings(duplicated: ["M1"])),
        Case(name: "an update applied twice to its task",
             world: .consistent.with { $0.store.taskChanges.append(change(10, "task.updated", "M2")) },
             expected: Findings(duplicated: ["M2"])),
        Case(name: "two tasks for one order",
             world: .consistent.with {
                 $0.store.tasks.append(task(12, orderB, latest: "M2", message: 2))
                 $0.store.taskChanges.append(change(12, "task.created", "M2"))
             },
             expected: Findings(duplicated: ["M2"])),
        Case(name: "an acknowledged update whose task still shows the preliminary report",
             world: .consistent.with {
                 $0.store.tasks[0] = task(10, orderA, latest: "M1", message: 1)
                 $0.store.taskChanges.removeAll { $0.taskID == 10 && $0.controlID == "M2" }
             },
             expected: Findings(missingTasks: ["M2"], staleOrders: ["F1/24323-8"])),
        Case(name: "a task whose latest message id points at another message",
             world: .consistent.with { $0.store.tasks[1] = task(11, orderB, latest: "M2", message: 1) },
             expected: Findings(staleOrders: ["F2/58410-2"])),
        Case(name: "an AA'd order without any task",
             world: .consistent.with {
                 $0.store.tasks.removeAll { $0.id == 11 }
                 $0.store.taskChanges.removeAll { $0.taskID == 11 }
             },
             expected: Findings(missingTasks: ["M2"])),
        Case(name: "an AE'd message missing from the review list",
             world: .consistent.with { $0.store.messages.removeAll { $0.controlID == "M3" } },
             expected: Findings(refusedNotReviewed: ["M3"])),
        Case(name: "an AE'd message listed without its reason",
             world: .consistent.with { $0.store.messages[2].reason = "" },
             expected: Findings(refusedNotReviewed: ["M3"])),
        Case(name: "an AE'd message listed more often than it was sent",
             world: .consistent.with { $0.store.messages.append(refused(4, "M3")) },
             expected: Findings(refusedNotReviewed: ["M3"])),
        Case(name: "an AE'd message listed twice after one resend (allowed)",
             world: .consistent.with {
                 $0.store.messages.append(refused(4, "M3"))
                 $0.answers[2].transmissions = 2
             },
             expected: Findings()),
        Case(name: "AE for a message that should have been accepted",
             world: .consistent.with { $0.answers[0].ackCode = "AE" },
             expected: Findings(refusedNotReviewed: ["M1"], unexpectedAnswers: ["M1 (AE for M1)"],
                                unexplained: ["M1 (AE'd, stored as accepted)"])),
        Case(name: "an ACK naming another message's control id",
             world: .consistent.with { $0.answers[1].answeredControlID = "M1" },
             expected: Findings(unexpectedAnswers: ["M2 (AA for M1)"])),
        Case(name: "an accepted message no sender was told about",
             world: .consistent.with { $0.store.messages.append(accepted(4, "M9")) },
             expected: Findings(unexplained: ["M9"])),
        Case(name: "an AA'd message also in the review list",
             world: .consistent.with { $0.store.messages.append(refused(4, "M1")) },
             expected: Findings(unexplained: ["M1 (AA'd, in review)"])),
    ]

    @Test("finds what a durability bug leaves behind", arguments: cases)
    func reconcile(_ example: Case) {
        let found = KillTestReconciliation.check(example.world.answers, against: example.world.store)
        let staleOrders = found.staleTasks.map { String($0.prefix { $0 != " " }) }
        #expect(Findings(lost: found.lost, duplicated: found.duplicated, missingTasks: found.missingTasks,
                         staleOrders: staleOrders, refusedNotReviewed: found.refusedNotReviewed,
                         unexpectedAnswers: found.unexpectedAnswers, unexplained: found.unexplained) == example.expected)
        #expect(found.passed == (example.expected == Findings()))
        #expect(found.failures().count == [found.lost, found.duplicated, found.missingTasks, found.staleTasks,
                                           found.refusedNotReviewed, found.unexpectedAnswers, found.unexplained]
            .filter { !$0.isEmpty }.count)
    }

    @Test("counts the orders it checked and the refusals listed again")
    func figures() {
        let world = World.consistent.with {
            $0.store.messages.append(Self.refused(4, "M3"))
            $0.answers[2].transmissions = 3
            $0.store.duplicateDeliveries = 2
        }
        let found = KillTestReconciliation.check(world.answers, against: world.store)
        #expect(found.ordersChecked == 2)
        #expect(found.refusedListedAgain == 1)
        #expect(found.duplicateDeliveries == 2)
    }

    // MARK: - Fixture rows

    static func answer(_ sequence: Int, _ controlID: String, orders: [OrderIdentity], code: String) -> AnsweredMessage {
        let message = OutgoingMessage(senderIndex: 0, sequence: sequence, controlID: controlID, sender: lab, orders: orders,
                                      updatesAnOrder: false, expectsAcceptance: code == "AA", bytes: [])
        return AnsweredMessage(message: message, ackCode: code, answeredControlID: controlID, transmissions: 1)
    }

    static func accepted(_ id: Int64, _ controlID: String) -> KillTestSnapshot.Message {
        KillTestSnapshot.Message(id: id, sender: lab, controlID: controlID, ackCode: "AA", reason: nil)
    }

    static func refused(_ id: Int64, _ controlID: String) -> KillTestSnapshot.Message {
        KillTestSnapshot.Message(id: id, sender: lab, controlID: controlID, ackCode: "AE",
                                 reason: "no medical record number in PID-3 (CX.5 = MR)")
    }

    static func task(_ id: Int64, _ order: OrderIdentity, latest: String, message: Int64) -> KillTestSnapshot.Task {
        KillTestSnapshot.Task(id: id, sender: order.sender, placerNumber: order.placerNumber,
                              fillerNumber: order.fillerNumber, serviceCode: order.serviceCode,
                              latestControlID: latest, latestMessageID: message)
    }

    static func change(_ taskID: Int64, _ action: String, _ controlID: String) -> KillTestSnapshot.TaskChange {
        KillTestSnapshot.TaskChange(taskID: taskID, action: action, controlID: controlID)
    }
}
