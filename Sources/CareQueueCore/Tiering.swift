import Foundation

/// A tier and the sentence that explains it ("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L").
public struct TierDecision: Sendable, Equatable {
    public var urgency: Urgency
    public var reason: String

    public init(urgency: Urgency, reason: String) {
        self.urgency = urgency
        self.reason = reason
    }
}

/// Urgency rules from DESIGN.md: panic flags or listed tests → critical; other non-normal flags → abnormal.
public enum Tiering {
    /// OBX-8 values that mean a panic value.
    public static let panicFlags: Set<String> = ["HH", "LL", "AA"]

    public static func classify(_ order: OrderResult, tiers: CareQueueConfig.Tiers) -> TierDecision {
        let normal = Set(tiers.normalFlags.map { $0.uppercased() })
        let criticalTests = Set(tiers.criticalTests)
        // Deleted observations (OBX-11 D) no longer say anything about the patient.
        let live = order.observations.filter { $0.status.uppercased() != "D" }

        for obs in live {
            if let flag = obs.flags.first(where: { panicFlags.contains($0.uppercased()) }) {
                return TierDecision(urgency: .critical, reason: "critical: OBX-8=\(flag) on \(describe(obs))")
            }
        }
        for obs in live where criticalTests.contains(obs.code) {
            return TierDecision(urgency: .critical, reason: "critical: \(obs.code) is a critical test ([tiers] critical_tests): \(describe(obs))")
        }
        if criticalTests.contains(order.serviceCode) {
            return TierDecision(urgency: .critical, reason: "critical: \(order.serviceCode) \(order.serviceText) is a critical test ([tiers] critical_tests)")
        }
        for obs in live {
            if let flag = obs.flags.first(where: { !normal.contains($0.uppercased()) }) {
                return TierDecision(urgency: .abnormal, reason: "abnormal: OBX-8=\(flag) on \(describe(obs))")
            }
        }
        let count = live.count
        return TierDecision(urgency: .routine,
                            reason: count == 0 ? "routine: no observations" : "routine: no abnormal flags on \(count) observation\(count == 1 ? "" : "s")")
    }

    /// "2823-3 Potassium 6.8 mmol/L"
    static func describe(_ obs: Observation) -> String {
        var parts = [obs.code, obs.text].filter { !$0.isEmpty }
        let value = [obs.value, obs.units].filter { !$0.isEmpty }.joined(separator: " ")
        if !value.isEmpty { parts.append(value) }
        return parts.joined(separator: " ")
    }
}
