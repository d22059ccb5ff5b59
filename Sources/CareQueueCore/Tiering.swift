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

    /// The tier of `order` and the reason, from its live (not deleted) observations.
    public static func classify(_ order: OrderResult, tiers: CareQueueConfig.Tiers) -> TierDecision {
        let normal = Set(tiers.normalFlags.map(normalized))
        let criticalTests = Set(tiers.criticalTests.map { $0.trimmingCharacters(in: .whitespaces) })
        // Deleted observations (OBX-11 D) no longer say anything about the patient.
        let live = order.observations.filter { normalized($0.status) != "D" }

        for obs in live {
            if let flag = obs.flags.first(where: { panicFlags.contains(normalized($0)) }) {
                return TierDecision(urgency: .critical, reason: "critical: OBX-8=\(shown(flag)) on \(describe(obs))")
            }
        }
        for obs in live where criticalTests.contains(obs.code) {
            return TierDecision(urgency: .critical, reason: "critical: \(obs.code) is a critical test ([tiers] critical_tests): \(describe(obs))")
        }
        // An order whose every observation was deleted is not critical just for its OBR-4 code.
        let allDeleted = !order.observations.isEmpty && live.isEmpty
        if criticalTests.contains(order.serviceCode) && !allDeleted {
            return TierDecision(urgency: .critical, reason: "critical: \(order.serviceCode) \(order.serviceText) is a critical test ([tiers] critical_tests)")
        }
        for obs in live {
            if let flag = obs.flags.first(where: { !normal.contains(normalized($0)) }) {
                return TierDecision(urgency: .abnormal, reason: "abnormal: OBX-8=\(shown(flag)) on \(describe(obs))")
            }
        }
        let count = live.count
        return TierDecision(urgency: .routine,
                            reason: count == 0 ? "routine: no observations" : "routine: no abnormal flags on \(count) observation\(count == 1 ? "" : "s")")
    }

    /// Flags and statuses compare without case or surrounding spaces ("n " is normal).
    private static func normalized(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespaces).uppercased()
    }

    private static func shown(_ flag: String) -> String { flag.trimmingCharacters(in: .whitespaces) }

    /// "2823-3 Potassium 6.8 mmol/L"
    static func describe(_ obs: Observation) -> String {
        var parts = [obs.code, obs.text].filter { !$0.isEmpty }
        let value = [obs.value, obs.units].filter { !$0.isEmpty }.joined(separator: " ")
        if !value.isEmpty { parts.append(value) }
        return parts.joined(separator: " ")
    }
}
