@testable import CareQueueCore
import Foundation
import HL7
import Testing

/// Messages and a roster for the dry-run tests.
enum TrialFixtures {
    static let chen = "1234567893"
    static let okafor = "1245319599"
    static let at = Date(timeIntervalSince1970: 1_772_000_000)

    static let roster = Roster(providers: [
        Provider(npi: chen, name: "Chen, Ada", role: .physician),
        Provider(npi: okafor, name: "Okafor, Bo", role: .physician),
    ])

    /// An ORU^R01 v2.5.1 with one OBX: `flag` in OBX-8, `status` in OBR-25.
    static func oru(control: String = "C1", filler: String = "F-1", test: String = "2823-3^Potassium^LN",
                    flag: String = "HH", status: String = "F", provider: String = "\(chen)^Chen^Ada^^^^^^^^^^NPI",
                    processing: String = "P", value: String = "6.8") -> [UInt8] {
        Array(([
            "MSH|^~\\&|LAB|CITYLAB|CQ|CLINIC|20260301081000||ORU^R01^ORU_R01|\(control)|\(processing)|2.5.1",
            "PID|1||MRN1^^^H^MR||TESTPATIENT^ALPHA",
            "OBR|1|PL-1|\(filler)|\(test)|||20260301080000|||||||||\(provider)|||||||||\(status)",
            "OBX|1|NM|2823-3^Potassium^LN||\(value)|mmol/L|3.5-5.1|\(flag)|||\(status)",
        ].joined(separator: "\r") + "\r").utf8)
    }

    static func run(_ raws: [[UInt8]], config: CareQueueConfig = CareQueueConfig(), roster: Roster = roster,
                    store: some RulesTrialStore = NothingStored()) throws -> [TrialMessage] {
        var trial = RulesTrial(config: config, roster: roster, at: at)
        return try raws.enumerated().map { try trial.run(.init(label: "m:\($0.offset + 1)", raw: $0.element), store: store) }
    }
}

@Suite("rules try: the pure trial decides as ingest does, writing nothing")
struct RulesTrialTests {
    typealias F = TrialFixtures

    @Test("a panic flag: critical with the reason, the ordering provider's queue, due 30 min after arrival")
    func critical() throws {
        let trial = try #require(try F.run([F.oru()]).first)
        #expect(trial.sender == "LAB / CITYLAB" && trial.controlID == "C1" && trial.type == "ORU^R01")
        let task = try #require(trial.tasks.first)
        #expect(task.target == .new && task.fillerNumber == "F-1" && task.testCode == "2823-3")
        #expect(task.urgency == .critical)
        #expect(task.urgencyReason == "critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")
        #expect(task.routing.assignedNPI == F.chen && task.queue == "Chen, Ada (NPI \(F.chen))")
        #expect(task.routing.explanation == "Chen, Ada, matched NPI in OBR-16")
        #expect(task.dueAt == F.at.addingTimeInterval(1800) && task.window == 1800)
    }

    @Test("a provider not on the roster: Unassigned, with the reason; the summary counts it")
    func unassigned() throws {
        let trials = try F.run([F.oru(provider: "1999999992^Nobody^^^^^^^^^^^NPI"), F.oru(control: "C2", filler: "F-2", test: "2951-2^Sodium^LN")])
        let task = try #require(trials.first?.tasks.first)
        #expect(task.isUnassigned && task.queue == "Unassigned")
        #expect(task.routing.explanation == "Unassigned: NPI 1999999992 in OBR-16 is not on the roster")
        let summary = RulesTrialSummary(trials)
        #expect(summary.messages == 2 && summary.unassigned == 1 && summary.routed == 1 && summary.newTasks == 2)
        #expect(summary.byUrgency[.critical] == 2)
    }

    @Test("a series: the final updates the preliminary's task; a lower later result keeps the higher tier")
    func series() throws {
        let trials = try F.run([F.oru(control: "S1", flag: "N", status: "P"), F.oru(control: "S2", flag: "H"),
                                F.oru(control: "S3", flag: "N", status: "C")])
        #expect(trials[0].tasks.first?.urgency == .routine && trials[0].tasks.first?.target == .new)
        #expect(trials[1].tasks.first?.urgency == .abnormal && trials[1].tasks.first?.target == .earlier("m:1"))
        let kept = try #require(trials[2].tasks.first)
        #expect(kept.urgency == .abnormal && kept.target == .earlier("m:1"))
        #expect(kept.lowerLabTier?.urgency == .routine, "urgency never silently falls, and the trial says so")
        #expect(RulesTrialSummary(trials).newTasks == 1 && RulesTrialSummary(trials).updatedTasks == 2)
    }

    @Test("[tiers] critical_tests changes the tier a routine result gets")
    func criticalTests() throws {
        #expect(try F.run([F.oru(flag: "N")]).first?.tasks.first?.urgency == .routine)
        var config = CareQueueConfig()
        config.tiers.criticalTests = ["2823-3"]
        let task = try #require(try F.run([F.oru(flag: "N")], config: config).first?.tasks.first)
        #expect(task.urgency == .critical && task.urgencyReason.contains("[tiers] critical_tests"))
        #expect(task.dueAt == F.at.addingTimeInterval(config.windows.critical))
    }

    @Test("refusals as the listener answers them; [listener] processing_ids admits a test feed")
    func refusals() throws {
        let trials = try F.run([Array("hello, not HL7".utf8), F.oru(processing: "T")])
        guard case .refused(let notHL7) = trials[0].verdict, case .refused(let test) = trials[1].verdict else {
            Issue.record("expected refusals: \(trials.map(\.verdict))")
            return
        }
        #expect(notHL7.kind == .reject && notHL7.code.rawValue == 200 && trials[0].type == nil)
        #expect(test.kind == .reject && test.code.rawValue == 202 && test.location == "MSH^1^11")
        #expect(RulesTrialSummary(trials).refused == 2)
        var config = CareQueueConfig()
        config.listener.processingIDs = ["P", "T"]
        #expect(try F.run([F.oru(processing: "T")], config: config).first?.tasks.count == 1)
    }

    @Test("a resend is a duplicate, not a refusal; a reused control id is AE 205 unless accepted")
    func duplicates() throws {
        let trials = try F.run([F.oru(), F.oru(), F.oru(value: "7.1")])
        #expect(trials[1].verdict == .duplicate(of: "m:1"))
        guard case .refused(let reuse) = trials[2].verdict else { Issue.record("\(trials[2].verdict)"); return }
        #expect(reuse.code.rawValue == 205 && reuse.reason.contains("m:1 was stored under this sender"))
        var config = CareQueueConfig()
        config.listener.reusedControlID = .accept
        let accepted = try F.run([F.oru(), F.oru(value: "7.1")], config: config)
        #expect(accepted[1].tasks.first?.target == .earlier("m:1"))
    }

    @Test("a referral, then its consult note: the note goes to the referring provider; without one, to the note's own")
    func consultNote() throws {
        let ref = Array(OrderMessages.ref(id: "RF-1").replacingOccurrences(of: "MRN100001", with: "MRN1").utf8)
        let note = Array(ConsultNoteExtractionTests.mdm(order: "RF-1", txa14: "RF-1").utf8)
        let roster = Roster(providers: F.roster.providers.values.map { $0 } + [
            Provider(npi: "1000000020", name: "Patel, Anika", role: .physician),
            Provider(npi: "1000000038", name: "Muller, Hans", role: .physician),
        ])
        let trials = try F.run([ref, note], roster: roster)
        let referral = try #require(trials[0].orders.first)
        #expect(referral.kind == .referral && referral.placerNumber == "RF-1" && referral.windowRule == "[turnaround] referral")
        let task = try #require(trials[1].tasks.first)
        #expect(task.consultNote?.referralID == "RF-1")
        #expect(task.routing.assignedNPI == "1000000020" && task.urgencyReason == "routine: consult note received — review")
        #expect(task.testText == "Chest pain evaluation", "named by the referral's reason")

        // An I13 changes the referring provider: the note follows the change, as the store's upsert does.
        let changed = Array(OrderMessages.ref("I13", id: "RF-1").replacingOccurrences(of: "MRN100001", with: "MRN1")
            .replacingOccurrences(of: "|O1|", with: "|O2|").replacingOccurrences(of: "1000000020^NPI", with: "1000000038^NPI").utf8)
        #expect(try F.run([ref, changed, note], roster: roster)[2].tasks.first?.routing.assignedNPI == "1000000038")

        let alone = try #require(try F.run([note], roster: roster).first?.tasks.first)
        #expect(alone.consultNote?.referralID == nil && alone.consultNote?.named == ["RF-1"])
        #expect(alone.urgencyReason == "routine: consult note received — no referral on file")
    }

    @Test("orders: expected by their time plus [turnaround]: stat, a test's own time, the default; a cancel awaits nothing")
    func orders() throws {
        var config = CareQueueConfig()
        config.turnaround.tests = ["2345-7": 3 * 86_400]
        let orm = OrderMessages.orm([(control: "NW", placer: "PL-1", filler: "", test: "2345-7^Glucose^LN", priority: ""),
                                     (control: "NW", placer: "PL-1", filler: "", test: "718-7^Hemoglobin^LN", priority: "S"),
                                     (control: "NW", placer: "PL-1", filler: "", test: "3016-3^TSH^LN", priority: "")])
        let cancel = OrderMessages.orm([(control: "CA", placer: "PL-1", filler: "", test: "3016-3^TSH^LN", priority: "")])
            .replacingOccurrences(of: "|O1|", with: "|O2|")
        let trials = try F.run([Array(orm.utf8), Array(cancel.utf8)], config: config)
        let orders = trials[0].orders
        try #require(orders.count == 3)
        let orderedAt = try #require(orders[0].orderedAt)
        #expect(orders[0].windowRule == "[turnaround_tests] 2345-7" && orders[0].expectedBy == orderedAt.addingTimeInterval(3 * 86_400))
        #expect(orders[1].stat && orders[1].windowRule == "[turnaround] stat" && orders[1].window == 7200)
        #expect(orders[2].windowRule == "[turnaround] default")
        let cancelled = try #require(trials[1].orders.first)
        #expect(cancelled.action == .cancel && cancelled.expectedBy == nil)
        #expect(RulesTrialText.orderLine(cancelled).hasSuffix(": no result awaited"))
    }

    @Test("what the store holds: a stored resend is a duplicate of that message; a stored task is updated, not remade")
    func storedState() throws {
        struct Stored: RulesTrialStore {
            var task: TaskState
            func storedMessage(sender: SenderID, controlID: String, raw: [UInt8]) -> StoredMessageMatch? {
                controlID == "OLD" ? .same(messageID: 7) : nil
            }
            func storedTaskID(_ key: OrderKey, by number: OrderNumber) -> Int64? {
                number == .filler && key.fillerNumber == "F-1" ? 42 : nil
            }
            func storedTask(id: Int64) -> TaskState? { id == 42 ? task : nil }
            func referral(mrn: String, ids: [String]) -> ReferralOnFile? { nil }
            func isLabOrder(mrn: String, placer: String) -> Bool { false }
        }
        var seed = RulesTrial(config: CareQueueConfig(), roster: F.roster, at: F.at)
        let made = try #require(try seed.run(.init(label: "seed", raw: F.oru()), store: NothingStored()).tasks.first)
        #expect(made.urgency == .critical)
        let state = try #require(seed.memory.tasks.first?.state)
        let store = Stored(task: state)
        let trials = try F.run([F.oru(control: "OLD"), F.oru(control: "NEW", flag: "N")], store: store)
        #expect(trials[0].verdict == .duplicate(of: "message 7"))
        let update = try #require(trials[1].tasks.first)
        #expect(update.target == .stored(id: 42) && update.urgency == .critical, "the stored critical tier is kept")
    }

    @Test("hostile bytes: control characters in MSH-10 are refused and printed visible, never raw; long text is cut")
    func hostile() throws {
        let trial = try #require(try F.run([F.oru(control: "A\u{1B}[2JB")]).first)
        guard case .refused(let refusal) = trial.verdict else { Issue.record("\(trial.verdict)"); return }
        #expect(refusal.code.rawValue == 102)
        let text = RulesTrialText.lines(trial).joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { UntrustedText.isControl($0) && $0 != "\n" })
        #expect(text.contains("control id A<0x1B>[2JB"))
        let long = String(repeating: "X", count: 500)
        #expect(TrialShown.identifier(long).count == UntrustedText.logLimit + 1)
        #expect(TrialShown.text(long).count == 201)
    }

    @Test("a roster file is laid over the stored roster as its import would; coverage rows are added")
    func trialRoster() throws {
        let stored = [Provider(npi: F.chen, name: "Chen, Ada", role: .physician, active: false)]
        let file = RosterImport.Contents(providers: [Provider(npi: F.chen, name: "Chen, Ada M", role: .physician),
                                                     Provider(npi: F.okafor, name: "Okafor, Bo", role: .physician)],
                                         namesLogins: false, namesCoordinators: false, namesActive: false)
        let coverage = Coverage(providerNPI: F.chen, coveringNPI: F.okafor, startsAt: F.at.addingTimeInterval(-60),
                                endsAt: F.at.addingTimeInterval(3600))
        let roster = TrialRoster.combine(providers: stored, coverage: [], rosterFile: file, coverageFile: [coverage])
        #expect(roster.providers[F.chen]?.name == "Chen, Ada M" && roster.providers[F.chen]?.active == false,
                "a file without the active column leaves who is retired alone")
        let task = try #require(try F.run([F.oru()], roster: roster).first?.tasks.first)
        #expect(task.routing.assignedNPI == F.okafor && task.routing.coveringForNPI == F.chen)
    }
}
