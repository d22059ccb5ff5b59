@testable import CareQueueCore
import Foundation
import Testing

@Suite("Provider sign-off: the rule table (pure core, injected clock)")
struct SignoffRuleTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let ordering = "1234567893"   // Dr Ada Chen, supervised by Dr Okafor
    static let assigned = "1679576722"   // Nia Park, NP, covering for Dr Chen
    static let supervisor = "1245319599" // Dr Okafor
    static let stranger = "1114025228"   // Dr Lee: on the roster, unrelated to the task
    static let roster = Roster(providers: [
        Provider(npi: ordering, name: "Dr Ada Chen", role: .physician, supervisorNPI: supervisor, login: "achen"),
        Provider(npi: assigned, name: "Nia Park, NP", role: .np, login: "npark"),
        Provider(npi: supervisor, name: "Dr Okafor", role: .physician, login: "gokafor"),
        Provider(npi: stranger, name: "Dr Lee", role: .physician, login: "dlee"),
        Provider(npi: "1003000126", name: "Cal Reyes", role: .coordinator, login: "kim"),
        Provider(npi: "1588667638", name: "Pat Nurse", role: .chargeNurse),
    ])

    /// An abnormal result in Nia Park's queue (covering for Dr Chen, who ordered it), waiting for sign-off.
    static func waiting(status: TaskStatus = .open, signed: Signoff? = nil, required: Bool = true) -> LifecycleState {
        LifecycleState(status: status, assignedNPI: assigned,
                       signoff: SignoffState(required: required, awaited: "Nia Park, NP", orderingNPI: ordering, signed: signed),
                       coveringForNPI: ordering)
    }

    static let signed = Signoff(providerName: "Nia Park, NP", npi: assigned, at: now.addingTimeInterval(-60), note: "")

    static func apply(_ action: TaskAction, _ state: LifecycleState, account: String? = nil) -> Result<LifecycleState, LifecycleRefusal> {
        Lifecycle.apply(action, to: state, by: "sam", at: now, roster: roster, account: account)
    }

    static func refusal(_ result: Result<LifecycleState, LifecycleRefusal>) -> String? {
        if case .failure(let refusal) = result { return refusal.description }
        return nil
    }

    @Test("which tiers are gated: only those listed, and never a result the lab cancelled (OBR-25 X)", arguments: [
        (Urgency.abnormal, "F", [Urgency.critical, .abnormal], true),
        (.critical, "P", [.critical, .abnormal], true),
        (.critical, "C", [.critical], true),
        (.routine, "F", [.critical, .abnormal], false),
        (.abnormal, "F", [.critical], false),
        (.critical, "F", [], false),
        (.critical, "X", [.critical, .abnormal], false),
    ])
    func gatedTiers(_ urgency: Urgency, _ resultStatus: String, _ required: [Urgency], _ gated: Bool) {
        #expect(SignoffRule.isRequired(urgency: urgency, resultStatus: resultStatus, required: required) == gated)
    }

    struct ActionRow: CustomTestStringConvertible, Sendable {
        var action: TaskAction
        var refusedWhileWaiting: String?
        var testDescription: String { action.name + (refusedWhileWaiting == nil ? " allowed" : " refused") }
    }

    static let actionRows: [ActionRow] = [
        ActionRow(action: .attempt(.noAnswer, note: ""),
                  refusedWhileWaiting: "waiting for Nia Park, NP's sign-off: no call until Nia Park, NP signs off the result"),
        ActionRow(action: .close(.reached, note: "told"),
                  refusedWhileWaiting: "waiting for Nia Park, NP's sign-off: the patient hears of this result only after Nia Park, NP signs it off"),
        ActionRow(action: .close(.portalMessage, note: "sent"),
                  refusedWhileWaiting: "waiting for Nia Park, NP's sign-off: the patient hears of this result only after Nia Park, NP signs it off"),
        ActionRow(action: .close(.notNeeded, note: "repeat ordered"),
                  refusedWhileWaiting: "waiting for Nia Park, NP's sign-off: only the provider decides that the patient need not be contacted"),
        ActionRow(action: .acknowledge, refusedWhileWaiting: nil),
        ActionRow(action: .reassign(toNPI: "1234567893", note: "back to Dr Chen"), refusedWhileWaiting: nil),
    ]

    @Test("while waiting, every patient-contact action is refused naming whose sign-off; ack and reassign stay allowed",
          arguments: actionRows)
    func actionsWhileWaiting(_ row: ActionRow) {
        #expect(Self.refusal(Self.apply(row.action, Self.waiting())) == row.refusedWhileWaiting)
    }

    @Test("once signed, or where the gate does not apply, every action goes through", arguments: actionRows)
    func actionsOnceSigned(_ row: ActionRow) {
        #expect(Self.refusal(Self.apply(row.action, Self.waiting(signed: Self.signed))) == nil)
        #expect(Self.refusal(Self.apply(row.action, Self.waiting(required: false))) == nil)
    }

    @Test("who may sign: the ordering, assigned or covered-for provider, or a supervisor of one, by OS account", arguments: [
        ("npark", "Nia Park, NP"),       // assigned (covering)
        ("achen", "Dr Ada Chen"),        // ordering, and the provider covered for
        ("gokafor", "Dr Okafor"),        // Dr Chen's supervisor
    ])
    func whoMaySign(_ account: String, _ name: String) throws {
        let after = try Self.apply(.signOff(note: " call today "), Self.waiting(), account: account).get()
        #expect(after.signoff.signed == Signoff(providerName: name, npi: Self.roster.providers.values.first { $0.login == account }!.npi,
                                                at: Self.now, note: "call today"))
        #expect(!after.signoff.isWaiting)
        #expect(after.status == .open, "a review is not the coordinator's acknowledgement")
        #expect(after.lastActor == nil)
    }

    @Test("who may not sign, and why", arguments: [
        ("kim", "Cal Reyes is a coordinator: only a physician, NP or PA signs off results"),
        ("dlee", "Dr Lee is not the ordering, assigned or covering provider or their supervisor"),
        ("nobody", "nobody is not a provider on the roster (no roster login is nobody)"),
        ("", "this process's account is not a provider on the roster"),
    ])
    func whoMayNot(_ account: String, _ reason: String) {
        #expect(Self.refusal(Self.apply(.signOff(note: ""), Self.waiting(), account: account)) == reason)
    }

    @Test("the --user label grants nothing: without the account, a provider's name as label is refused")
    func labelGrantsNothing() {
        let result = Lifecycle.apply(.signOff(note: ""), to: Self.waiting(), by: "npark", at: Self.now, roster: Self.roster,
                                     account: "kim")
        #expect(Self.refusal(result) == "Cal Reyes is a coordinator: only a physician, NP or PA signs off results")
    }

    @Test("a second sign-off is refused politely; a closed task is not signed")
    func alreadySigned() {
        #expect(Self.refusal(Self.apply(.signOff(note: ""), Self.waiting(signed: Self.signed), account: "achen"))
                == "already signed off by Nia Park, NP at 2026-09-21T14:12:20Z; nothing to do")
        #expect(Self.refusal(Self.apply(.signOff(note: ""), Self.waiting(status: .closed), account: "npark"))
                == "task is already closed")
    }

    @Test("whose sign-off a task waits for: the queue's provider, else the ordering one")
    func awaited() {
        let names = ["1": "Dr A", "2": "Dr B"]
        #expect(SignoffRule.awaitedProvider(assignedNPI: "2", orderingNPI: "1", names: names) == "Dr B")
        #expect(SignoffRule.awaitedProvider(assignedNPI: nil, orderingNPI: "1", names: names) == "Dr A")
        #expect(SignoffRule.awaitedProvider(assignedNPI: nil, orderingNPI: "9", names: names) == "NPI 9")
        #expect(SignoffRule.awaitedProvider(assignedNPI: nil, orderingNPI: nil, names: names) == "a provider")
    }

    @Test("the row's marker")
    func marker() {
        #expect(Self.waiting().signoff.marker == "✎ unsigned")
        #expect(Self.waiting(signed: Self.signed).signoff.marker == "✓ signed")
        #expect(Self.waiting(required: false).signoff.marker == nil)
    }

    // MARK: the sign-off clock

    static let window: TimeInterval = 2 * 3600
    static let subject = SignoffSubject(taskID: 7, assignedNPI: ordering, awaited: "Dr Ada Chen",
                                        waitingSince: now)

    @Test("the clock: nothing before the window, level 1 to the coordinators, level 2 to the supervisor", arguments: [
        (TimeInterval(0), [Int]()),
        (window - 1, []),
        (window, [1]),
        (2 * window - 1, [1]),
        (2 * window, [1, 2]),
    ])
    func clock(_ elapsed: TimeInterval, _ levels: [Int]) {
        let steps = SignoffClock.due(for: Self.subject, at: Self.now.addingTimeInterval(elapsed), window: Self.window,
                                     roster: Self.roster)
        #expect(steps.map(\.level) == levels)
    }

    @Test("the escalation rows say who is told and why")
    func escalationSteps() {
        let steps = SignoffClock.due(for: Self.subject, at: Self.now.addingTimeInterval(3 * Self.window), window: Self.window,
                                     roster: Self.roster)
        #expect(steps == [
            EscalationStep(taskID: 7, level: 1, dueAt: Self.now.addingTimeInterval(Self.window), targetNPIs: ["1003000126"],
                           target: "care coordinators (Dr Ada Chen's queue)", reason: "waiting for Dr Ada Chen's sign-off for 2 h"),
            EscalationStep(taskID: 7, level: 2, dueAt: Self.now.addingTimeInterval(2 * Self.window), targetNPIs: [Self.supervisor],
                           target: "supervisor Dr Okafor", reason: "waiting for Dr Ada Chen's sign-off for 4 h"),
        ])
        var recorded = Self.subject
        recorded.level = 1
        #expect(SignoffClock.due(for: recorded, at: Self.now.addingTimeInterval(3 * Self.window), window: Self.window,
                                 roster: Self.roster).map(\.level) == [2])
        recorded.level = 2
        #expect(SignoffClock.due(for: recorded, at: Self.now.addingTimeInterval(9 * Self.window), window: Self.window,
                                 roster: Self.roster).isEmpty)
        // No supervisor on the roster: level 2 goes to the charge nurse.
        var unsupervised = Self.subject
        unsupervised.assignedNPI = Self.assigned
        #expect(SignoffClock.due(for: unsupervised, at: Self.now.addingTimeInterval(2 * Self.window), window: Self.window,
                                 roster: Self.roster).last?.target == "charge nurse")
    }
}
