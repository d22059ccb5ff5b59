import CareQueueCore

/// Blood cultures: always a preliminary report first (gram stain or "no growth so far"), then the final.
enum BloodCulture {
    /// Both reports of one culture and the tier each should get.
    struct Reports: Sendable {
        var preliminary: [ReportedObservation]
        var preliminaryTier: Urgency
        var final: [ReportedObservation]
        var finalTier: Urgency
    }

    private static let gramStain = (code: "664-3", text: "Gram stain")
    private static let culture = (code: "600-7", text: "Bacteria identified in Blood by Culture")
    private static let noGrowth = ReportedObservation.Value.coded(code: "264868006", text: "No growth", system: "SCT")
    private static let contaminant = ReportedObservation.Value.coded(code: "116197008", text: "Coagulase-negative Staphylococcus", system: "SCT")
    private static let calledNote = "Critical value called to the ordering clinic and read back."

    /// A gram stain and the organisms it usually turns out to be.
    private static let pathogens: [(stain: ReportedObservation.Value, organisms: [ReportedObservation.Value])] = [
        (.coded(code: "GPCCL", text: "Gram positive cocci in clusters", system: "L"),
         [.coded(code: "3092008", text: "Staphylococcus aureus", system: "SCT")]),
        (.coded(code: "GPCCH", text: "Gram positive cocci in chains", system: "L"),
         [.coded(code: "9861002", text: "Streptococcus pneumoniae", system: "SCT")]),
        (.coded(code: "GNR", text: "Gram negative rods", system: "L"),
         [.coded(code: "112283007", text: "Escherichia coli", system: "SCT"),
          .coded(code: "56415008", text: "Klebsiella pneumoniae", system: "SCT")]),
    ]

    /// A culture whose final report has `tier`; a share of negative-so-far cultures turn positive,
    /// so the final can be more urgent than the preliminary.
    static func reports(tier: Urgency, normalFlag: String, using random: inout SplitMix64) -> Reports {
        switch tier {
        case .routine:
            let preliminary = [result(noGrowth, flag: normalFlag, status: "P", notes: ["No growth at 24 hours; incubation continues."])]
            if random.chance(0.15) {
                return Reports(preliminary: preliminary, preliminaryTier: .routine,
                               final: positive(status: "F", using: &random), finalTier: .critical)
            }
            return Reports(preliminary: preliminary, preliminaryTier: .routine,
                           final: [result(noGrowth, flag: normalFlag, status: "F", notes: ["No growth at 5 days."])],
                           finalTier: .routine)
        case .abnormal:
            let stain = pathogens[0].stain
            let note = "Growth in 1 of 2 sets; possible contaminant."
            return Reports(preliminary: [stainResult(stain, flag: "A", status: "P", notes: [note])], preliminaryTier: .abnormal,
                           final: [stainResult(stain, flag: "A", status: "F"), result(contaminant, flag: "A", status: "F", notes: [note])],
                           finalTier: .abnormal)
        case .critical:
            let final = positive(status: "F", using: &random)
            let preliminary = [stainResult(final[0].value, flag: "AA", status: "P", notes: [calledNote])]
            return Reports(preliminary: preliminary, preliminaryTier: .critical, final: final, finalTier: .critical)
        }
    }

    private static func positive(status: String, using random: inout SplitMix64) -> [ReportedObservation] {
        let pathogen = random.pick(pathogens)
        return [stainResult(pathogen.stain, flag: "AA", status: status),
                result(random.pick(pathogen.organisms), flag: "AA", status: status, notes: [calledNote])]
    }

    private static func stainResult(_ value: ReportedObservation.Value, flag: String, status: String,
                                    notes: [String] = []) -> ReportedObservation {
        ReportedObservation(valueType: "CWE", code: gramStain.code, text: gramStain.text, value: value,
                            flag: flag, status: status, notes: notes)
    }

    private static func result(_ value: ReportedObservation.Value, flag: String, status: String,
                               notes: [String] = []) -> ReportedObservation {
        ReportedObservation(valueType: "CWE", code: culture.code, text: culture.text, value: value,
                            flag: flag, status: status, notes: notes)
    }
}
