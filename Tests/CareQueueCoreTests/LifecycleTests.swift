import CareQueueCore
import Foundation
import Testing

@Suite("Task lifecycle transitions")
struct LifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let roster = Roster(providers: [
        Provider(npi: "1234567893", name: "Dr Ada Chen", role: .physician),
        Provider(npi: "1679576722", name: "Nia Park, NP", role: .np),
        Provider(npi: "1003000126", name: "Cal Reyes", role: .coordinator),
    ])

    static func apply(_ action: TaskAction, _ state: LifecycleState) -> Result<LifecycleState, LifecycleRefusal> {
        Lifecycle.apply(action, to: state, by: "sam", at: now, roster: roster)
    }

    struct Allowed: CustomTestStringConvertible, Sendable {
        var name: String
        var from: TaskStatus
        var action: TaskAction
        var to: TaskStatus
        var testDescription: String { name }
    }

    static let allowed: [Allowed] = [
        Allowed(name: "open → ack", from: .open, action: .acknowledge, to: .acknowledged),
        Allowed(name: "open → attempt", from: .open, action: .attempt(.noAnswer, note: ""), to: .acknowledged),
        Allowed(name: "acknowledged → attempt", from: .acknowledged, action: .attempt(.leftMessage, note: "vm"), to: .acknowledged),
        Allowed(name: "open → close reached", from: .open, action: .close(.reached, note: "told K+ result"), to: .closed),
        Allowed(name: "acknowledged → close portal", from: .acknowledged, action: .close(.portalMessage, note: "sent"), to: .closed),
        Allowed(name: "acknowledged → close not-needed", from: .acknowledged, action: .close(.notNeeded, note: "repeat ordered"), to: .closed),
        Allowed(name: "open → reassign", from: .open, action: .reassign(toNPI: "1679576722", note: "covering"), to: .open),
        Allowed(name: "acknowledged → reassign", from: .acknowledged, action: .reassign(toNPI: "1679576722", note: "x"), to: .acknowledged),
    ]

    @Test("allowed transitions", arguments: allowed)
    func allowedTransitions(_ c: Allowed) throws {
        let state = LifecycleState(status: c.from, assignedNPI: "1234567893")
        let next = try Self.apply(c.action, state).get()
        #expect(next.status == c.to)
        #expect(next.lastActor == "sam")
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var name: String
        var state: LifecycleState
        var action: TaskAction
        var message: String
        var testDescription: String { name }
    }

    static let closed = LifecycleState(status: .closed, assignedNPI: "1234567893", lastActor: "alex", lastActedAt: now)
    static let refused: [Refused] = [
        Refused(name: "ack a closed task", state: closed, action: .acknowledge, message: "task is already closed by alex at 2026-09-21T14:13:20Z"),
        Refused(name: "attempt on a closed task", state: closed, action: .attempt(.noAnswer, note: ""), message: "task is already closed by alex at 2026-09-21T14:13:20Z"),
        Refused(name: "close a closed task", state: closed, action: .close(.reached, note: "n"), message: "task is already closed by alex at 2026-09-21T14:13:20Z"),
        Refused(name: "reassign a closed task", state: closed, action: .reassign(toNPI: "1679576722", note: "n"), message: "task is already closed by alex at 2026-09-21T14:13:20Z"),
        Refused(name: "ack twice", state: LifecycleState(status: .acknowledged, assignedNPI: nil, lastActor: "kim", lastActedAt: now),
                action: .acknowledge, message: "task is already acknowledged by kim at 2026-09-21T14:13:20Z"),
        Refused(name: "close without a note", state: LifecycleState(status: .open, assignedNPI: nil), action: .close(.reached, note: "  "),
                message: "closing needs a note documenting the follow-up"),
        Refused(name: "not-needed without a reason", state: LifecycleState(status: .open, assignedNPI: nil), action: .close(.notNeeded, note: ""),
                message: "closing as not-needed needs a note saying why"),
        Refused(name: "close as the lab", state: LifecycleState(status: .open, assignedNPI: nil), action: .close(.cancelledByLab, note: "x"),
                message: "outcome cancelled-by-lab is set by the lab feed, not by people"),
        Refused(name: "reassign to unknown NPI", state: LifecycleState(status: .open, assignedNPI: nil), action: .reassign(toNPI: "1111111112", note: "x"),
                message: "NPI 1111111112 is not on the roster"),
        Refused(name: "reassign to a coordinator", state: LifecycleState(status: .open, assignedNPI: nil), action: .reassign(toNPI: "1003000126", note: "x"),
                message: "Cal Reyes is a coordinator and has no result queue"),
        Refused(name: "reassign to the same queue", state: LifecycleState(status: .open, assignedNPI: "1234567893"), action: .reassign(toNPI: "1234567893", note: "x"),
                message: "task is already in Dr Ada Chen's queue"),
        Refused(name: "reassign without a note", state: LifecycleState(status: .open, assignedNPI: nil), action: .reassign(toNPI: "1679576722", note: ""),
                message: "reassigning needs a note for the receiving provider"),
    ]

    @Test("refused transitions say why", arguments: refused)
    func refusedTransitions(_ c: Refused) {
        switch Self.apply(c.action, c.state) {
        case .success: Issue.record("expected a refusal")
        case .failure(let refusal): #expect(refusal.description == c.message)
        }
    }

    @Test("two failed attempts suggest a portal message")
    func portalSuggestion() throws {
        var state = LifecycleState(status: .open, assignedNPI: "1234567893")
        state = try Self.apply(.attempt(.noAnswer, note: ""), state).get()
        #expect(!state.suggestsPortalMessage)
        state = try Self.apply(.attempt(.wrongNumber, note: ""), state).get()
        #expect(state.suggestsPortalMessage)
        #expect(state.failedAttempts == 2)
    }
}
