import CareQueueCore

/// Dipstick urinalysis: specific gravity and pH as numbers, the rest as coded presence results.
enum Urinalysis {
    private static let negative = ReportedObservation.Value.coded(code: "260385009", text: "Negative", system: "SCT")
    private static let positive = ReportedObservation.Value.coded(code: "10828004", text: "Positive", system: "SCT")

    private enum Finding: CaseIterable { case infection, glycosuria, proteinuria, hematuria }

    /// One panel for `tier` (urinalysis has no panic values: critical is not offered).
    static func observations(tier: Urgency, normalFlag: String, status: String,
                             using random: inout SplitMix64) -> [ReportedObservation] {
        var positives: Set<String> = []
        var protein = "NEG"
        if tier != .routine {
            switch random.pick(Finding.allCases) {
            case .infection:
                positives.insert("5799-2")
                if random.chance(0.6) { positives.insert("5802-4") }
                if random.chance(0.4) { positives.insert("5794-3") }
            case .glycosuria:
                positives.insert("5792-7")
                if random.chance(0.3) { positives.insert("2514-8") }
            case .proteinuria:
                protein = random.pick(["1+", "2+", "3+"])
            case .hematuria:
                positives.insert("5794-3")
            }
        }
        let gravity = NumericPanels.urineSpecificGravity
        let pH = NumericPanels.urinePH
        var lines = [
            ReportedObservation(gravity, steps: gravity.draw(in: .normal, using: &random), normalFlag: normalFlag, status: status),
            ReportedObservation(pH, steps: pH.draw(in: .normal, using: &random), normalFlag: normalFlag, status: status),
        ]
        func presence(_ code: String, _ text: String) -> ReportedObservation {
            let found = positives.contains(code)
            return ReportedObservation(valueType: "CWE", code: code, text: text, value: found ? positive : negative,
                                       range: "Negative", flag: found ? "A" : normalFlag, status: status)
        }
        lines.append(presence("5792-7", "Glucose, urine"))
        lines.append(ReportedObservation(valueType: "ST", code: "20454-5", text: "Protein, urine", value: .text(protein),
                                         range: "NEG", flag: protein == "NEG" ? normalFlag : "A", status: status))
        lines.append(presence("2514-8", "Ketones, urine"))
        lines.append(presence("5794-3", "Blood, urine"))
        lines.append(presence("5802-4", "Nitrite, urine"))
        lines.append(presence("5799-2", "Leukocyte esterase, urine"))
        return lines
    }
}
