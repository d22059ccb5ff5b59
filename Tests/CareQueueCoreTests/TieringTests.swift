import Testing
import CareQueueCore
import TestSupport

@Suite("Tiering")
struct TieringTests {
    struct Input: Sendable {
        var observations: [Observation]
        var tiers = CareQueueConfig.Tiers()
        var serviceCode = "BMP"
    }

    static func potassium(_ value: String, _ flags: [String], status: String = "F", units: String = "mmol/L") -> Observation {
        Observation(code: "2823-3", text: "Potassium", valueType: "NM", value: value, units: units, range: "3.5-5.1",
                    flags: flags, status: status)
    }

    static func sodium(_ value: String, _ flags: [String], status: String = "F") -> Observation {
        Observation(code: "2951-2", text: "Sodium", valueType: "NM", value: value, units: "mmol/L", range: "136-145",
                    flags: flags, status: status)
    }

    static func tiers(critical: [String] = [], normal: [String]? = nil) -> CareQueueConfig.Tiers {
        var tiers = CareQueueConfig.Tiers()
        tiers.criticalTests = critical
        if let normal { tiers.normalFlags = normal }
        return tiers
    }

    static func critical(_ reason: String) -> TierDecision { TierDecision(urgency: .critical, reason: reason) }
    static func abnormal(_ reason: String) -> TierDecision { TierDecision(urgency: .abnormal, reason: reason) }
    static func routine(_ reason: String) -> TierDecision { TierDecision(urgency: .routine, reason: reason) }

    @Test("flags and tests", arguments: [
        Named("HH is critical", Input(observations: [potassium("6.8", ["HH"])]),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("LL is critical", Input(observations: [potassium("2.1", ["LL"])]),
              critical("critical: OBX-8=LL on 2823-3 Potassium 2.1 mmol/L")),
        Named("AA is critical", Input(observations: [potassium("6.8", ["AA"])]),
              critical("critical: OBX-8=AA on 2823-3 Potassium 6.8 mmol/L")),
        Named("lower-case hh is critical", Input(observations: [potassium("6.8", ["hh"])]),
              critical("critical: OBX-8=hh on 2823-3 Potassium 6.8 mmol/L")),
        Named("padded HH is critical", Input(observations: [potassium("6.8", [" HH "])]),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("HH among other flags", Input(observations: [potassium("6.8", ["H", "HH"])]),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("panic on a later observation beats an earlier abnormal", Input(observations: [sodium("150", ["H"]), potassium("6.8", ["HH"])]),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("HH counts on a corrected observation", Input(observations: [potassium("6.8", ["HH"], status: "C")]),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("normal_flags cannot silence a panic flag", Input(observations: [potassium("6.8", ["HH"])], tiers: tiers(normal: ["HH", "N"])),
              critical("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L")),
        Named("listed test with a normal value", Input(observations: [potassium("4.0", ["N"])], tiers: tiers(critical: ["2823-3"])),
              critical("critical: 2823-3 is a critical test ([tiers] critical_tests): 2823-3 Potassium 4.0 mmol/L")),
        Named("listed test written with spaces in the config", Input(observations: [potassium("4.0", [])], tiers: tiers(critical: [" 2823-3 "])),
              critical("critical: 2823-3 is a critical test ([tiers] critical_tests): 2823-3 Potassium 4.0 mmol/L")),
        Named("listed OBR-4 service code", Input(observations: [sodium("140", [])], tiers: tiers(critical: ["BMP"])),
              critical("critical: BMP Basic metabolic panel is a critical test ([tiers] critical_tests)")),
        Named("listed service code with no observations", Input(observations: [], tiers: tiers(critical: ["BMP"])),
              critical("critical: BMP Basic metabolic panel is a critical test ([tiers] critical_tests)")),
        Named("H is abnormal", Input(observations: [potassium("5.6", ["H"])]),
              abnormal("abnormal: OBX-8=H on 2823-3 Potassium 5.6 mmol/L")),
        Named("L is abnormal", Input(observations: [potassium("3.2", ["L"])]),
              abnormal("abnormal: OBX-8=L on 2823-3 Potassium 3.2 mmol/L")),
        Named("A is abnormal", Input(observations: [potassium("x", ["A"], units: "")]),
              abnormal("abnormal: OBX-8=A on 2823-3 Potassium x")),
        Named("< is abnormal", Input(observations: [potassium("<1.0", ["<"])]),
              abnormal("abnormal: OBX-8=< on 2823-3 Potassium <1.0 mmol/L")),
        Named("> is abnormal", Input(observations: [potassium(">9.0", [">"])]),
              abnormal("abnormal: OBX-8=> on 2823-3 Potassium >9.0 mmol/L")),
        Named("lower-case h is abnormal", Input(observations: [potassium("5.6", ["h"])]),
              abnormal("abnormal: OBX-8=h on 2823-3 Potassium 5.6 mmol/L")),
        Named("unknown flag is abnormal", Input(observations: [potassium("5.6", ["CRIT"])]),
              abnormal("abnormal: OBX-8=CRIT on 2823-3 Potassium 5.6 mmol/L")),
        Named("N with an empty normal_flags list is abnormal", Input(observations: [potassium("4.0", ["N"])], tiers: tiers(normal: [])),
              abnormal("abnormal: OBX-8=N on 2823-3 Potassium 4.0 mmol/L")),
        Named("no flags is routine", Input(observations: [potassium("4.0", [])]),
              routine("routine: no abnormal flags on 1 observation")),
        Named("N is routine", Input(observations: [potassium("4.0", ["N"])]), routine("routine: no abnormal flags on 1 observation")),
        Named("lower-case n is routine", Input(observations: [potassium("4.0", ["n"])]), routine("routine: no abnormal flags on 1 observation")),
        Named("padded N is routine", Input(observations: [potassium("4.0", ["N "])]), routine("routine: no abnormal flags on 1 observation")),
        Named("S NEG ND NR are routine", Input(observations: [potassium("4.0", ["S"]), sodium("NEG", ["NEG"]), sodium("ND", ["ND", "NR"])]),
              routine("routine: no abnormal flags on 3 observations")),
        Named("H made normal by normal_flags", Input(observations: [potassium("5.6", ["H"])], tiers: tiers(normal: ["N", "h"])),
              routine("routine: no abnormal flags on 1 observation")),
        Named("no observations", Input(observations: []), routine("routine: no observations")),
        Named("deleted HH is ignored", Input(observations: [potassium("6.8", ["HH"], status: "D"), sodium("140", ["N"])]),
              routine("routine: no abnormal flags on 1 observation")),
        Named("deleted lower-case d is ignored", Input(observations: [potassium("6.8", ["HH"], status: "d"), sodium("150", ["H"])]),
              abnormal("abnormal: OBX-8=H on 2951-2 Sodium 150 mmol/L")),
        Named("only a deleted HH", Input(observations: [potassium("6.8", ["HH"], status: "D")]), routine("routine: no observations")),
        Named("deleted listed test is ignored", Input(observations: [potassium("4.0", [], status: "D"), sodium("140", [])],
                                                      tiers: tiers(critical: ["2823-3"])),
              routine("routine: no abnormal flags on 1 observation")),
        Named("listed service code whose observations were all deleted", Input(observations: [sodium("140", [], status: "D")],
                                                                              tiers: tiers(critical: ["BMP"])),
              routine("routine: no observations")),
        Named("unlisted service code", Input(observations: [sodium("140", [])], tiers: tiers(critical: ["CBC"])),
              routine("routine: no abnormal flags on 1 observation")),
        Named("HH padded with no-break and ideographic spaces is critical",
              Input(observations: [potassium("6.8", ["\u{00A0}hh\u{3000}"])]),
              critical("critical: OBX-8=hh on 2823-3 Potassium 6.8 mmol/L")),
        Named("tab-padded N is routine", Input(observations: [potassium("4.0", ["\tN\t"])]),
              routine("routine: no abnormal flags on 1 observation")),
        Named("a flag made of spaces is the empty normal flag", Input(observations: [potassium("4.0", ["  "])]),
              routine("routine: no abnormal flags on 1 observation")),
        Named("deleted with spaces and lower case is ignored", Input(observations: [potassium("6.8", ["HH"], status: " d ")]),
              routine("routine: no observations")),
        Named("a zero-width space around a listed test in the config is trimmed",
              Input(observations: [potassium("4.0", [])], tiers: tiers(critical: ["\u{200B}2823-3"])),
              critical("critical: 2823-3 is a critical test ([tiers] critical_tests): 2823-3 Potassium 4.0 mmol/L")),
        Named("normal_flags with accents compare upper-cased", Input(observations: [potassium("4.0", ["né"])], tiers: tiers(normal: ["NÉ"])),
              routine("routine: no abnormal flags on 1 observation")),
    ])
    func classify(_ row: Named<Input, TierDecision>) {
        let order = OrderResult(placerNumber: "P1", fillerNumber: "F1", serviceCode: row.input.serviceCode,
                                serviceText: "Basic metabolic panel", orderingProvider: nil, resultStatus: "F",
                                observations: row.input.observations)
        #expect(Tiering.classify(order, tiers: row.input.tiers) == row.expected)
    }

    @Test("changing [tiers] after it was made changes what tiering compares against")
    func rulesFollowTheLists() {
        let order = OrderResult(placerNumber: "P1", fillerNumber: "F1", serviceCode: "BMP", serviceText: "Basic metabolic panel",
                                orderingProvider: nil, resultStatus: "F", observations: [Self.potassium("5.6", ["H"])])
        var tiers = CareQueueConfig.Tiers()
        #expect(Tiering.classify(order, tiers: tiers).urgency == .abnormal)
        tiers.normalFlags.append(" h ")
        #expect(Tiering.classify(order, tiers: tiers).urgency == .routine)
        tiers.criticalTests = ["BMP"]
        #expect(Tiering.classify(order, tiers: tiers).urgency == .critical)
        tiers.criticalTests.removeAll()
        tiers.normalFlags = []
        #expect(Tiering.classify(order, tiers: tiers).urgency == .abnormal)
        var same = CareQueueConfig.Tiers()
        same.normalFlags = []
        #expect(tiers == same)
    }
}
