import CareQueueCore

/// Values for a numeric panel planned to land in one tier: which analytes are off, in which
/// direction and how far, with derived analytes following their source.
enum PanelResults {
    private static let hemolysisNote = "Specimen slightly hemolyzed; potassium may be falsely elevated."
    private static let calledNote = "Critical value called to the ordering clinic and read back."

    /// True when some analyte of `analytes` can reach a panic value.
    static func canBeCritical(_ analytes: [SimulatedAnalyte]) -> Bool {
        analytes.contains { isCandidate($0, for: .critical) }
    }

    /// One set of results for `analytes` whose flags put the order in `tier`.
    static func observations(_ analytes: [SimulatedAnalyte], tier: Urgency, normalFlag: String, status: String,
                             using random: inout SplitMix64) -> [ReportedObservation] {
        let zones = plan(analytes, tier: tier, using: &random)
        var steps: [String: Int] = [:]
        for analyte in analytes where analyte.derivation == nil {
            steps[analyte.code] = analyte.draw(in: zones[analyte.code] ?? .normal, using: &random)
        }
        for analyte in analytes {
            guard let derivation = analyte.derivation,
                  let source = analytes.first(where: { $0.code == derivation.source }),
                  let sourceSteps = steps[source.code] else { continue }
            let zone = analyte.nearestZone(to: source.nearestZone(to: zones[source.code] ?? .normal))
            steps[analyte.code] = analyte.drawDerived(from: sourceSteps, of: source, in: zone, using: &random)
        }
        // One call-back note per panel, on the first panic value, when the lab sends one.
        var callNoted = !random.chance(0.6)
        return analytes.map { analyte in
            var line = ReportedObservation(analyte, steps: steps[analyte.code]!, normalFlag: normalFlag, status: status)
            if line.flag == "HH" || line.flag == "LL" {
                if !callNoted { line.notes.append(calledNote) }
                callNoted = true
            } else if analyte.code == NumericPanels.potassium.code && line.flag == "H" && random.chance(0.35) {
                line.notes.append(hemolysisNote)
            }
            return line
        }
    }

    /// The zone of each analyte that is not normal.
    private static func plan(_ analytes: [SimulatedAnalyte], tier: Urgency,
                             using random: inout SplitMix64) -> [String: ValueZone] {
        var zones: [String: ValueZone] = [:]
        var candidates = analytes.filter { isCandidate($0, for: .abnormal) }
        func takeOne(for severity: Urgency) -> SimulatedAnalyte? {
            let eligible = candidates.filter { isCandidate($0, for: severity) }
            guard !eligible.isEmpty else { return nil }
            let chosen = eligible[random.weightedIndex(eligible.map(\.offWeight))]
            candidates.removeAll { $0.code == chosen.code }
            return chosen
        }
        switch tier {
        case .routine:
            break
        case .abnormal:
            let count = [1, 2, 3][random.weightedIndex([0.65, 0.28, 0.07])]
            for _ in 0..<count {
                guard let analyte = takeOne(for: .abnormal) else { break }
                zones[analyte.code] = direction(of: analyte, low: .abnormalLow, high: .abnormalHigh, using: &random)
            }
        case .critical:
            if let analyte = takeOne(for: .critical) {
                zones[analyte.code] = direction(of: analyte, low: .criticalLow, high: .criticalHigh, using: &random)
            }
            if random.chance(0.3), let other = takeOne(for: .abnormal) {
                zones[other.code] = direction(of: other, low: .abnormalLow, high: .abnormalHigh, using: &random)
            }
        }
        return zones
    }

    /// `low` or `high`, whichever the analyte has, choosing by its high share when it has both.
    private static func direction(of analyte: SimulatedAnalyte, low: ValueZone, high: ValueZone,
                                  using random: inout SplitMix64) -> ValueZone {
        switch (analyte.bounds(of: low) != nil, analyte.bounds(of: high) != nil) {
        case (true, true): return random.chance(analyte.highShare) ? high : low
        case (true, false): return low
        default: return high
        }
    }

    /// Whether `analyte` can be the one that puts a panel into `severity`.
    private static func isCandidate(_ analyte: SimulatedAnalyte, for severity: Urgency) -> Bool {
        guard analyte.offWeight > 0 else { return false }
        let (low, high): (ValueZone, ValueZone) = severity == .critical ? (.criticalLow, .criticalHigh) : (.abnormalLow, .abnormalHigh)
        // A direction the analyte never takes (high share 0 or 1) does not count.
        let canGoLow = analyte.highShare < 1 && analyte.bounds(of: low) != nil
        let canGoHigh = analyte.highShare > 0 && analyte.bounds(of: high) != nil
        return canGoLow || canGoHigh
    }
}
