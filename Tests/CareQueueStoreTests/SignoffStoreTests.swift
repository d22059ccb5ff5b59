import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Provider sign-off through the store (v11-signoff)")
struct SignoffStoreTests {
    /// Sign-off on for critical and abnormal; Dr A logs in as the test account, Dr C (supervisor) as `drc`.
    static func store(_ kind: StoreKind, required: [Urgency] = [.critical, .abnormal]) throws -> TestStore {
        var config = CareQueueConfig()
        config.workflow.signoffRequired = required
        let roster = Fixture.fullRoster.map { provider in
            var provider = provider
            if provider.npi == Fixture.drA { provider.login = Fixture.account }
            if provider.npi == Fixture.drC { provider.login = "drc" }
            if provider.npi == Fixture.coordinator { provider.login = "kim" }
            return provider
        }
        return try TestStore(kind: kind, config: config, roster: roster)
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a gated result refuses the call until its provider signs; the sign-off is stored and audited", arguments: StoreKind.available)
    func gateThenSign(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        #expect(try store.database.task(id: id)?.signoff.marker == "✎ unsigned")
        #expect(Self.refusal { try store.act(.attempt(.noAnswer, note: ""), id) }
                == "waiting for Dr A's sign-off: no call until Dr A signs off the result")
        #expect(Self.refusal { try store.act(.close(.notNeeded, note: "repeat later"), id) }
                == "waiting for Dr A's sign-off: only the provider decides that the patient need not be contacted")
        try store.act(.acknowledge, id, by: "kim-label")

        store.clock.advance(by: 60)
        try store.act(.signOff(note: "call her, repeat in a week"), id, by: "dr-a-label")
        let item = try #require(try store.database.task(id: id))
        #expect(item.signoff.signed == Signoff(providerName: "Dr A", npi: Fixture.drA, at: store.clock.now(),
                                               note: "call her, repeat in a week"))
        #expect(item.signoff.marker == "✓ signed")
        #expect(item.status == .acknowledged, "a sign-off leaves the coordinator's status alone")

        let audit = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(audit.action == "task.signed-off")
        #expect(audit.osUser == Fixture.account)
        let details = try #require(try JSONSerialization.jsonObject(with: Data(audit.details.utf8)) as? [String: Any])
        #expect(details["provider"] as? String == "Dr A" && details["npi"] as? String == Fixture.drA)
        #expect(details["note"] as? String == "call her, repeat in a week")

        #expect(Self.refusal { try store.act(.signOff(note: ""), id) }
                == "already signed off by Dr A at 2026-01-01T12:01:00Z; nothing to do")
        try store.act(.attempt(.noAnswer, note: ""), id)
        try store.act(.close(.reached, note: "told her"), id)
    }

    @Test("who signs is the process's account: another account is refused whatever the label says", arguments: StoreKind.available)
    func accountDecides(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        // Other processes on the same store, each with its own account.
        func open(as account: String) throws -> CareQueueDatabase {
            guard kind == .postgres else { return try CareQueueDatabase(path: store.path, config: store.config, osUser: account) }
            let database = try StoreKind.openPostgres(store.path, osUser: account)
            try database.configure(store.config)
            return database
        }
        let kim = try open(as: "kim")
        #expect(Self.refusal { try kim.perform(.signOff(note: ""), onTask: id, by: "Dr A", at: store.clock.now()) }
                == "Coordinator is a coordinator: only a physician, NP or PA signs off results")
        let stranger = try open(as: "temp")
        #expect(Self.refusal { try stranger.perform(.signOff(note: ""), onTask: id, by: "Dr A", at: store.clock.now()) }
                == "temp is not a provider on the roster (no roster login is temp)")
        // The supervisor of the ordering provider may sign.
        let supervisor = try open(as: "drc")
        try supervisor.perform(.signOff(note: ""), onTask: id, by: "c", at: store.clock.now())
        #expect(try store.database.task(id: id)?.signoff.signed?.providerName == "Dr C")
    }

    @Test("not gated: routine results, and every result at a site without the rule", arguments: StoreKind.available)
    func notGated(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let routine = try store.newTask(Fixture.task(1, .routine))
        try store.act(.attempt(.noAnswer, note: ""), routine)
        #expect(try store.database.task(id: routine)?.signoff.marker == nil)

        let off = try Self.store(kind, required: [])
        let abnormal = try off.newTask(Fixture.task(2, .abnormal))
        try off.act(.close(.reached, note: "told"), abnormal)
        #expect(try off.database.task(id: abnormal)?.signoff.required == false)
    }

    @Test("a result that changes after its sign-off waits for a new one; the same values resent keep it", arguments: StoreKind.available)
    func changedResultClearsSignoff(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        try store.act(.signOff(note: "seen"), id, by: "dra")

        // The same sodium sent again under a new control id: nothing new to review.
        try store.ingest(Fixture.result("C1-again", patient: Fixture.patient("MRN1"),
                                        Fixture.order(filler: "F1", placer: "P1", provider: Fixture.drA,
                                                      observations: [Fixture.sodium("150", flags: ["H"])])))
        #expect(try store.database.task(id: id)?.signoff.signed != nil)

        // A correction with another value: the provider signed what is no longer the result.
        store.clock.advance(by: 60)
        try store.ingest(Fixture.result("C1-corrected", patient: Fixture.patient("MRN1"),
                                        Fixture.order(filler: "F1", placer: "P1", provider: Fixture.drA, status: "C",
                                                      observations: [Fixture.sodium("158", flags: ["H"], status: "C")])))
        let item = try #require(try store.database.task(id: id))
        #expect(item.signoff.signed == nil && item.signoff.isWaiting)
        #expect(Self.refusal { try store.act(.attempt(.noAnswer, note: ""), id) }
                == "waiting for Dr A's sign-off: no call until Dr A signs off the result")
        let cleared = try #require(try store.database.auditRecords(taskID: id).first { $0.action == "task.signoff-cleared" })
        let details = try #require(try JSONSerialization.jsonObject(with: Data(cleared.details.utf8)) as? [String: Any])
        #expect(details["signed_off_npi"] as? String == Fixture.drA)
        #expect(details["reason"] as? String == "the result changed after sign-off")
    }

    @Test("undo takes a sign-off back: the task waits again", arguments: StoreKind.available)
    func undoSignoff(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        try store.act(.signOff(note: "ok"), id, by: "dra")
        let undone = try store.database.undoLatestAction(onTask: id, by: "dra", at: store.clock.now())
        #expect(undone.undoneAction == "task.signed-off")
        let item = try #require(try store.database.task(id: id))
        #expect(item.signoff.signed == nil && item.signoff.isWaiting)
        #expect(try store.column("signed_off_npi", of: id) == nil)
    }

    @Test("the sign-off clock escalates a waiting task: coordinators at 2h, the supervisor at 4h, once each", arguments: StoreKind.available)
    func signoffEscalation(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let waiting = try store.newTask(Fixture.task(1, .critical))
        let signed = try store.newTask(Fixture.task(2, .abnormal))
        try store.act(.acknowledge, waiting)   // the tier's clock stops; the sign-off clock does not
        try store.act(.signOff(note: ""), signed)

        store.clock.advance(by: 2 * 3600 - 1)
        #expect(try store.sweep().escalations.isEmpty)
        store.clock.advance(by: 1)
        let first = try store.sweep().escalations
        #expect(first.map(\.taskID) == [waiting])
        #expect(first.first?.target == "care coordinators (Dr A's queue)")
        #expect(first.first?.reason == "waiting for Dr A's sign-off for 2 h")
        #expect(try store.sweep().escalations.isEmpty, "recorded once")

        store.clock.advance(by: 2 * 3600)
        let second = try store.sweep().escalations
        #expect(second.map(\.level) == [2])
        #expect(second.first?.target == "supervisor Dr C")
        #expect(try store.column("signoff_escalation_level", of: waiting) == "2")
        #expect(try store.count("SELECT COUNT(*) FROM escalations WHERE kind = 'signoff'") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'escalation'") == 2)
    }

    @Test("a critical result reaches level 1 on both clocks from the same start: both are recorded",
          arguments: StoreKind.available)
    func bothClocks(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.workflow.signoffRequired = [.critical]
        config.windows.signoff = 30 * 60
        let store = try TestStore(kind: kind, config: config, roster: Fixture.fullRoster)
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 30 * 60)
        let recorded = try store.sweep().escalations
        #expect(recorded.count == 2 && Set(recorded.map(\.taskID)) == [id])
        #expect(Set(recorded.map(\.reason)).contains("waiting for Dr A's sign-off for 30 min"))
    }

    @Test("a quiet sweep wakes for the sign-off threshold", arguments: StoreKind.available)
    func nextSweepDue(kind: StoreKind) throws {
        let store = try Self.store(kind, required: [.abnormal])
        _ = try store.newTask(Fixture.task(1, .abnormal))
        #expect(try store.database.nextSweepDue(after: store.clock.now()) == store.clock.now().addingTimeInterval(2 * 3600))
    }
}
