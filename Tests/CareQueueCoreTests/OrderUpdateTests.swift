import CareQueueCore
import Foundation
import Testing

@Suite("OrderUpdate: the ingest rules for one order")
struct OrderUpdateTests {
    static let lab = SenderID(application: "LAB", facility: "MAIN")
    static let t0 = Date(timeIntervalSince1970: 1_767_268_800)
    static let windows = CareQueueConfig.Windows()
    static let tiers = CareQueueConfig.Tiers()
    static let routing = RoutingDecision(assignedNPI: "1234567893", orderingNPI: "1234567893", coveringForNPI: nil,
                                         explanation: "Dr A, matched NPI in OBR-16")
    static let unassigned = RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                            explanation: "Unassigned: no ordering provider in OBR-16 or ORC-12")

    static func potassium(_ value: String = "4.1", flags: [String] = [], status: String = "F") -> Observation {
        Observation(code: "2823-3", text: "Potassium", valueType: "NM", value: value, units: "mmol/L", flags: flags,
                    status: status)
    }

    static func sodium(_ value: String = "140", flags: [String] = [], status: String = "F") -> Observation {
        Observation(code: "2951-2", text: "Sodium", valueType: "NM", value: value, units: "mmol/L", flags: flags,
                    status: status)
    }

    static func order(status: String = "F", _ observations: [Observation]) -> OrderResult {
        OrderResult(placerNumber: "P1", fillerNumber: "F1", serviceCode: "BMP", serviceText: "Basic metabolic panel",
                    orderingProvider: nil, resultStatus: status, observations: observations)
    }

    static func apply(_ existing: TaskState?, _ order: OrderResult, at now: Date = t0,
                      routing: RoutingDecision = routing) -> OrderUpdateResult {
        OrderUpdate.apply(existing: existing, order: order, patient: Patient(mrn: "M1", family: "Doe", given: "Jan"),
                          sender: lab, routing: routing, now: now, windows: windows, tiers: tiers)
    }

    private func actions(_ result: OrderUpdateResult) -> [TaskEvent.Action] { result.events.map(\.action) }

    // MARK: new tasks

    static let newTaskCases: [(String, [Observation], Urgency, TimeInterval)] = [
        ("routine", [potassium()], .routine, 72 * 3600),
        ("abnormal", [potassium("5.6", flags: ["H"])], .abnormal, 24 * 3600),
        ("critical", [potassium("6.9", flags: ["HH"])], .critical, 30 * 60),
    ]

    @Test("a new order opens a task whose clock starts at receipt", arguments: newTaskCases)
    func newTask(_ name: String, observations: [Observation], urgency: Urgency, window: TimeInterval) {
        let result = Self.apply(nil, Self.order(observations))

        #expect(result.task.urgency == urgency)
        #expect(result.task.status == .open)
        #expect(result.task.receivedAt == Self.t0)
        #expect(result.task.clockStartedAt == Self.t0)
        #expect(result.task.dueAt == Self.t0 + window)
        #expect(result.task.escalationLevel == 0)
        #expect(result.task.attempts == 0)
        #expect(result.task.observations.map(\.position) == Array(0..<observations.count))
        let allCurrent = result.addedObservations.allSatisfy { $0.isCurrent }
        #expect(allCurrent)
        #expect(actions(result) == [.created])
    }

    @Test("a new order cancelled by the lab is stored closed")
    func newCancelled() {
        let result = Self.apply(nil, Self.order(status: "X", []))

        #expect(result.task.status == .closed)
        #expect(result.task.closure?.outcome == .cancelledByLab)
        #expect(result.task.closure?.by == "lab:LAB / MAIN")
        #expect(result.task.dueAt == nil)
        #expect(result.task.clockStoppedAt == Self.t0)
        #expect(actions(result) == [.created, .cancelledByLab])
    }

    // MARK: updates

    @Test("a later message replaces observations by code and keeps the others")
    func mergeByCode() {
        let first = Self.apply(nil, Self.order(status: "P", [Self.potassium("4.0", status: "P"), Self.sodium(status: "P")]))

        let second = Self.apply(first.task, Self.order([Self.potassium("4.2")]), at: Self.t0 + 60)

        #expect(second.retiredObservations == [0])
        #expect(second.addedObservations == [ObservationRecord(position: 0, observation: Self.potassium("4.2"), isCurrent: true)])
        #expect(second.task.observations.map(\.observation.value) == ["4.2", "140"])
        #expect(second.task.receivedAt == Self.t0)
        #expect(second.task.resultStatus == "F")
        #expect(actions(second) == [.updated])
    }

    @Test("an unchanged resend of an observation adds no history")
    func identicalResend() {
        let first = Self.apply(nil, Self.order([Self.potassium()]))

        let second = Self.apply(first.task, Self.order([Self.potassium()]))

        #expect(second.retiredObservations.isEmpty)
        #expect(second.addedObservations.isEmpty)
        #expect(second.task.observations == first.task.observations)
    }

    @Test("repeated codes pair up in order (report lines)")
    func repeatedCodes() {
        let line = { (text: String) in Observation(code: "R", text: "Report", valueType: "TX", value: text) }
        let first = Self.apply(nil, Self.order([line("a"), line("b")]))

        let second = Self.apply(first.task, Self.order([line("a"), line("B"), line("c")]))

        #expect(second.retiredObservations == [1])
        #expect(second.task.observations.map(\.observation.value) == ["a", "B", "c"])
        #expect(second.task.observations.map(\.position) == [0, 1, 2])
    }

    @Test("current observations come out in position order whatever order the task held them in")
    func positionOrder() {
        var first = Self.apply(nil, Self.order([Self.potassium(), Self.sodium()])).task
        first.observations.reverse()
        let chloride = Observation(code: "2075-0", text: "Chloride", valueType: "NM", value: "101")

        let second = Self.apply(first, Self.order([chloride, Self.sodium("141")]))

        #expect(second.task.observations.map(\.position) == [0, 1, 2])
        #expect(second.task.observations.map(\.observation.code) == ["2823-3", "2951-2", "2075-0"])
        #expect(second.retiredObservations == [0])
        #expect(second.addedObservations.map(\.position) == [2, 1])
    }

    @Test("statuses count in any case: c corrects, w flags, d deletes, x cancels")
    func lowerCaseStatuses() {
        let done = Self.closed(Self.apply(nil, Self.order([Self.potassium("5.6", flags: ["H"]), Self.sodium()])).task)

        let corrected = Self.apply(done, Self.order(status: "c", [Self.potassium("5.8", flags: ["H"])]), at: Self.t0 + 60)
        let flagged = Self.apply(corrected.task, Self.order([Self.potassium("5.8", flags: ["H"], status: "w")]))
        let deleted = Self.apply(flagged.task, Self.order([Self.sodium(status: "d")]))
        let cancelled = Self.apply(deleted.task, Self.order(status: "x", []), at: Self.t0 + 120)

        #expect(actions(corrected) == [.updated, .reopened])
        #expect(flagged.task.retractionReview)
        #expect(deleted.task.observations.map(\.observation.code) == ["2823-3"])
        #expect(actions(deleted).contains(.observationDeleted))
        #expect(cancelled.task.status == .closed)
        #expect(cancelled.task.closure?.note == "cancelled by the lab (OBR-25 X)")
    }

    @Test("urgency rises: due recomputed from receipt with the new window")
    func urgencyRises() {
        let first = Self.apply(nil, Self.order([Self.potassium()]))

        let second = Self.apply(first.task, Self.order([Self.potassium("6.9", flags: ["HH"])]), at: Self.t0 + 600)

        #expect(second.task.urgency == .critical)
        #expect(second.task.dueAt == Self.t0 + 30 * 60)
        #expect(second.task.lowerLabTier == nil)
        #expect(actions(second) == [.updated, .urgencyRaised])
        #expect(second.events[1].details == ["from": "routine", "to": "critical"])
    }

    @Test("urgency never silently falls: the higher is kept and the lab's lower tier recorded")
    func urgencyKept() {
        let first = Self.apply(nil, Self.order([Self.potassium("6.9", flags: ["HH"])]))

        let second = Self.apply(first.task, Self.order(status: "C", [Self.potassium("4.4", status: "C")]),
                                at: Self.t0 + 600)

        #expect(second.task.urgency == .critical)
        #expect(second.task.urgencyReason == first.task.urgencyReason)
        #expect(second.task.dueAt == Self.t0 + 30 * 60)
        #expect(second.task.lowerLabTier?.urgency == .routine)
        #expect(actions(second) == [.updated, .urgencyKept])
        #expect(second.events[1].details == ["kept": "critical", "lab": "routine"])
    }

    @Test("a rise after the clock stopped restarts it from now and asks for a new acknowledgement")
    func riseAfterAcknowledged() {
        var acknowledged = Self.apply(nil, Self.order([Self.potassium("5.6", flags: ["H"])])).task
        acknowledged.status = .acknowledged
        acknowledged.dueAt = nil
        acknowledged.clockStoppedAt = Self.t0 + 60

        let result = Self.apply(acknowledged, Self.order([Self.potassium("6.9", flags: ["HH"])]), at: Self.t0 + 3600)

        #expect(result.task.status == .open)
        #expect(result.task.clockStartedAt == Self.t0 + 3600)
        #expect(result.task.dueAt == Self.t0 + 3600 + 30 * 60)
        #expect(result.task.clockStoppedAt == nil)
        #expect(actions(result) == [.updated, .urgencyRaised, .clockRestarted])
    }

    private static func closed(_ task: TaskState) -> TaskState {
        var task = task
        task.status = .closed
        task.closure = TaskClosure(at: t0 + 60, by: "coordinator", outcome: .reached, note: "told")
        task.dueAt = nil
        task.clockStoppedAt = t0 + 60
        return task
    }

    @Test("a correction re-opens a closed task with a new clock", arguments: [
        ("OBR-25 C", "C", "F"),
        ("OBX-11 C", "F", "C"),
    ])
    func correctionReopens(_ name: String, resultStatus: String, observationStatus: String) {
        let done = Self.closed(Self.apply(nil, Self.order([Self.potassium("5.6", flags: ["H"])])).task)

        let result = Self.apply(done, Self.order(status: resultStatus, [Self.potassium("5.8", flags: ["H"], status: observationStatus)]),
                                at: Self.t0 + 7200)

        #expect(result.task.status == .open)
        #expect(result.task.reopened)
        #expect(result.task.closure == nil)
        #expect(result.task.receivedAt == Self.t0)
        #expect(result.task.clockStartedAt == Self.t0 + 7200)
        #expect(result.task.dueAt == Self.t0 + 7200 + 24 * 3600)
        #expect(actions(result) == [.updated, .reopened])
    }

    @Test("a non-correction update to a closed task keeps it closed")
    func closedStaysClosed() {
        let done = Self.closed(Self.apply(nil, Self.order(status: "P", [Self.potassium(status: "P")])).task)

        let result = Self.apply(done, Self.order([Self.potassium("4.2")]), at: Self.t0 + 7200)

        #expect(result.task.status == .closed)
        #expect(result.task.reopened == false)
        #expect(result.task.dueAt == nil)
    }

    @Test("a rise to critical re-opens a closed task")
    func riseReopensClosed() {
        let done = Self.closed(Self.apply(nil, Self.order([Self.potassium()])).task)

        let result = Self.apply(done, Self.order([Self.potassium("6.9", flags: ["HH"])]), at: Self.t0 + 7200)

        #expect(result.task.status == .open)
        #expect(result.task.urgency == .critical)
        #expect(result.task.dueAt == Self.t0 + 7200 + 30 * 60)
        #expect(actions(result) == [.updated, .urgencyRaised, .reopened])
    }

    @Test("OBX-11 W flags the task for retraction review once")
    func wrongPatient() {
        let first = Self.apply(nil, Self.order([Self.potassium()]))

        let flagged = Self.apply(first.task, Self.order([Self.potassium(status: "W")]))
        let again = Self.apply(flagged.task, Self.order([Self.potassium("4.0", status: "W")]))

        #expect(flagged.task.retractionReview)
        #expect(actions(flagged) == [.updated, .retractionReview])
        #expect(again.task.retractionReview)
        #expect(!actions(again).contains(.retractionReview))
    }

    @Test("OBR-25 X closes an open task with the lab as the actor")
    func cancelled() {
        let first = Self.apply(nil, Self.order([Self.potassium()]))

        let result = Self.apply(first.task, Self.order(status: "X", []), at: Self.t0 + 60)

        #expect(result.task.status == .closed)
        #expect(result.task.closure == TaskClosure(at: Self.t0 + 60, by: "lab:LAB / MAIN", outcome: .cancelledByLab,
                                                   note: "cancelled by the lab (OBR-25 X)"))
        #expect(result.task.clockStoppedAt == Self.t0 + 60)
        #expect(result.task.dueAt == nil)
        #expect(result.task.observations.count == 1)
    }

    @Test("OBX-11 D retires that observation; deleting the last one closes the task")
    func deletions() {
        let first = Self.apply(nil, Self.order([Self.potassium(), Self.sodium()]))

        let one = Self.apply(first.task, Self.order([Self.sodium(status: "D")]))
        let none = Self.apply(one.task, Self.order([Self.potassium(status: "D")]))

        #expect(one.retiredObservations == [1])
        #expect(one.addedObservations == [ObservationRecord(position: 1, observation: Self.sodium(status: "D"), isCurrent: false)])
        #expect(one.task.observations.map(\.observation.code) == ["2823-3"])
        #expect(one.task.status == .open)
        #expect(actions(one) == [.updated, .observationDeleted])
        #expect(none.task.observations.isEmpty)
        #expect(none.task.status == .closed)
        #expect(none.task.closure?.outcome == .cancelledByLab)
        #expect(actions(none) == [.updated, .observationDeleted, .cancelledByLab])
    }

    @Test("routing: an Unassigned task adopts a later routing; an assigned one keeps its queue")
    func routingAdoption() {
        let other = RoutingDecision(assignedNPI: "1234567893", orderingNPI: "1234567893", coveringForNPI: nil,
                                    explanation: "routed later")
        let unassignedTask = Self.apply(nil, Self.order([Self.potassium()]), routing: Self.unassigned).task
        var assignedTask = unassignedTask
        assignedTask.routing = Self.routing

        let adopted = Self.apply(unassignedTask, Self.order([Self.potassium()]), routing: other)
        let kept = Self.apply(assignedTask, Self.order([Self.potassium()]), routing: Self.unassigned)

        #expect(adopted.task.routing == other)
        #expect(actions(adopted) == [.updated, .routed])
        #expect(kept.task.routing == Self.routing)
    }

    @Test("a later message fills a missing order number but never overwrites one")
    func keyFill() {
        var order = Self.order([Self.potassium()])
        order.fillerNumber = nil
        let first = Self.apply(nil, order)
        var later = Self.order([Self.potassium()])
        later.placerNumber = "P-other"

        let second = Self.apply(first.task, later)

        #expect(first.task.key.fillerNumber == nil)
        #expect(second.task.key.fillerNumber == "F1")
        #expect(second.task.key.placerNumber == "P1")
    }

    // MARK: keys

    static let key = OrderKey(sender: lab, placerNumber: "P1", fillerNumber: "F1", serviceCode: "BMP")

    @Test("order identity", arguments: [
        ("same filler and placer", OrderKey(sender: lab, placerNumber: "P1", fillerNumber: "F1", serviceCode: "BMP"), true),
        ("same filler only", OrderKey(sender: lab, placerNumber: "P2", fillerNumber: "F1", serviceCode: "BMP"), true),
        ("same placer only", OrderKey(sender: lab, placerNumber: "P1", fillerNumber: nil, serviceCode: "BMP"), true),
        ("other test", OrderKey(sender: lab, placerNumber: "P1", fillerNumber: "F1", serviceCode: "CBC"), false),
        ("other sender", OrderKey(sender: SenderID(application: "LAB", facility: "EAST"), placerNumber: "P1",
                                  fillerNumber: "F1", serviceCode: "BMP"), false),
        ("neither number", OrderKey(sender: lab, placerNumber: "P2", fillerNumber: "F2", serviceCode: "BMP"), false),
        ("empty numbers are absent", OrderKey(sender: lab, placerNumber: "", fillerNumber: "", serviceCode: "BMP"), false),
    ])
    func identity(_ name: String, other: OrderKey, same: Bool) {
        #expect(Self.key.matches(other) == same)
        #expect(other.matches(Self.key) == same)
    }
}
