/// Where a numeric result falls against its analyte's reference range and panic limits.
enum ValueZone: Sendable, Equatable {
    case normal, abnormalLow, abnormalHigh, criticalLow, criticalHigh

    var isHigh: Bool { self == .abnormalHigh || self == .criticalHigh }

    /// The next milder zone in the same direction, for an analyte that lacks this one.
    var milder: ValueZone {
        switch self {
        case .criticalLow: return .abnormalLow
        case .criticalHigh: return .abnormalHigh
        case .normal, .abnormalLow, .abnormalHigh: return .normal
        }
    }
}

extension SimulatedAnalyte {
    /// The values, in steps, that fall in `zone`; nil when the analyte has no such zone.
    func bounds(of zone: ValueZone) -> ClosedRange<Int>? {
        let range: (Int, Int)?
        switch zone {
        case .normal:
            range = (low ?? floor, high ?? ceiling)
        case .abnormalHigh:
            range = high.map { ($0 + 1, (panicHigh ?? ceiling + 1) - 1) }
        case .criticalHigh:
            range = panicHigh.map { ($0, ceiling) }
        case .abnormalLow:
            range = low.map { ((panicLow ?? floor - 1) + 1, $0 - 1) }
        case .criticalLow:
            range = panicLow.map { (floor, $0) }
        }
        guard let (lower, upper) = range, lower <= upper else { return nil }
        return lower...upper
    }

    /// `zone` if the analyte has it, else the nearest milder zone it has.
    func nearestZone(to zone: ValueZone) -> ValueZone {
        var candidate = zone
        while bounds(of: candidate) == nil && candidate != .normal { candidate = candidate.milder }
        return candidate
    }

    /// A value in `zone`, in steps: normal values bunch mid-range, abnormal and panic values near
    /// the limit they cross, as in real result streams.
    func draw(in zone: ValueZone, using random: inout SplitMix64) -> Int {
        let bounds = bounds(of: nearestZone(to: zone)) ?? (floor...ceiling)
        let width = Double(bounds.upperBound - bounds.lowerBound + 1)
        let position: Double
        switch zone {
        case .normal:
            position = (random.unit() + random.unit() + random.unit()) / 3
        case .abnormalHigh, .criticalHigh:
            let u = random.unit()
            position = u * u
        case .abnormalLow, .criticalLow:
            let u = random.unit()
            position = 1 - u * u
        }
        return min(bounds.upperBound, bounds.lowerBound + Int(position * width))
    }

    /// A value that follows `sourceSteps` of `source` (as this analyte's derivation says) and stays
    /// in `zone`, so a panel never contradicts itself or its planned tier.
    func drawDerived(from sourceSteps: Int, of source: SimulatedAnalyte, in zone: ValueZone,
                     using random: inout SplitMix64) -> Int {
        guard let derivation, let bounds = bounds(of: nearestZone(to: zone)) else {
            return draw(in: zone, using: &random)
        }
        let sourceValue = Double(sourceSteps) / Self.stepsPerUnit(source.decimals)
        let target = sourceValue * derivation.factor + (random.unit() * 2 - 1) * derivation.spread
        let steps = Int((target * Self.stepsPerUnit(decimals)).rounded())
        return min(max(steps, bounds.lowerBound), bounds.upperBound)
    }

    private static func stepsPerUnit(_ decimals: Int) -> Double {
        (0..<decimals).reduce(1.0) { product, _ in product * 10 }
    }
}
