import CareQueueCore
import Foundation
import Testing

@Suite("The deciding observation: the one that set the tier")
struct TierEvidenceTests {
    static func observation(_ code: String, _ text: String, _ value: String, _ flags: [String]) -> Observation {
        Observation(code: code, text: text, valueType: "NM", value: value, units: "", flags: flags)
    }

    /// A basic metabolic panel where Glucose 559 HH is the third OBX, after a normal one and an 8.50 H.
    static let panel = [
        observation("2951-2", "Sodium", "140", ["N"]),
        observation("17861-6", "Calcium", "8.50", ["H"]),
        observation("2345-7", "Glucose", "559", ["HH"]),
    ]

    static func order(_ observations: [Observation]) -> OrderResult {
        OrderResult(placerNumber: "P1", fillerNumber: "F1", serviceCode: "BMP", serviceText: "Basic metabolic panel",
                    orderingProvider: nil, resultStatus: "F", observations: observations)
    }

    @Test("the panic value decides, not the first flagged OBX", arguments: [
        (panel, Urgency.critical, Optional(2)),
        (Array(panel.prefix(2)), .abnormal, 1),
        ([panel[0]], .routine, nil),
    ] as [([Observation], Urgency, Int?)])
    func deciding(_ observations: [Observation], _ urgency: Urgency, _ index: Int?) {
        let evidence = Tiering.decide(Self.order(observations), tiers: CareQueueConfig.Tiers())
        #expect(evidence.decision.urgency == urgency)
        #expect(evidence.decidingIndex == index)
        #expect(evidence.decision == Tiering.classify(Self.order(observations), tiers: CareQueueConfig.Tiers()))
    }

    @Test("a listed critical test decides by its observation; a listed OBR-4 code by none")
    func criticalTests() {
        var tiers = CareQueueConfig.Tiers()
        tiers.criticalTests = ["17861-6"]
        #expect(Tiering.decide(Self.order([Self.panel[0], Self.panel[1]]), tiers: tiers).decidingIndex == 1)
        tiers.criticalTests = ["BMP"]
        #expect(Tiering.decide(Self.order([Self.panel[0]]), tiers: tiers).decidingIndex == nil)
    }

    static func apply(_ existing: TaskState?, _ observations: [Observation]) -> TaskState {
        OrderUpdate.apply(existing: existing, order: Self.order(observations),
                          patient: Patient(mrn: "M1", family: "Doe", given: "Jan"),
                          sender: SenderID(application: "LAB", facility: "MAIN"),
                          routing: RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil, explanation: ""),
                          now: Date(timeIntervalSince1970: 1_767_268_800), windows: CareQueueConfig.Windows(),
                          tiers: CareQueueConfig.Tiers()).task
    }

    @Test("the task records the deciding observation's position; a kept higher tier keeps it")
    func taskPosition() {
        let task = Self.apply(nil, Self.panel)
        #expect(task.urgency == .critical)
        #expect(task.tierPosition == 2)
        // A corrected glucose, now normal: the task stays critical, and so does what set it.
        let corrected = Self.apply(task, [Self.observation("2345-7", "Glucose", "99", ["N"])])
        #expect(corrected.urgency == .critical)
        #expect(corrected.tierPosition == 2)
        // A routine task that turns abnormal takes the new observation's position.
        let routine = Self.apply(nil, [Self.panel[0]])
        #expect(routine.tierPosition == nil)
        let raised = Self.apply(routine, [Self.panel[0], Self.panel[1]])
        #expect(raised.urgency == .abnormal)
        #expect(raised.tierPosition == raised.observations.first { $0.observation.code == "17861-6" }?.position)
    }

    @Test("without a recorded decision, a panic flag beats an earlier abnormal one")
    func flaggedIndex() {
        #expect(Tiering.flaggedIndex(Self.panel.map(\.flags)) == 2)
        #expect(Tiering.flaggedIndex([["N"], ["h "], []]) == 1)
        #expect(Tiering.flaggedIndex([["N"], [""]]) == nil)
    }
}
