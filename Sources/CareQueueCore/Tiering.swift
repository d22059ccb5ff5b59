/// A tier and the sentence that explains it ("critical: OBX-8=HH on 2823-3 Potassium 6.8 mmol/L").
public struct TierDecision: Sendable, Equatable {
    public var urgency: Urgency
    public var reason: String

    public init(urgency: Urgency, reason: String) {
        self.urgency = urgency
        self.reason = reason
    }
}

/// A tier decision and the observation that set it.
public struct TierEvidence: Sendable, Equatable {
    public var decision: TierDecision
    /// Index (into the observations classified) of the observation that set the tier; nil when no
    /// single observation did (routine, or a critical OBR-4 code).
    public var decidingIndex: Int?

    public init(_ decision: TierDecision, decidingIndex: Int? = nil) {
        self.decision = decision
        self.decidingIndex = decidingIndex
    }
}

/// Urgency rules from DESIGN.md: panic flags or listed tests → critical; other non-normal flags → abnormal.
///
/// Flags and statuses compare without case or surrounding spaces ("n " is normal), listed tests
/// without surrounding spaces. The configured lists are normalized once, when `[tiers]` is set
/// (`CareQueueConfig.Tiers.rules`), not per message.
public enum Tiering {
    /// OBX-8 values that mean a panic value.
    public static let panicFlags: Set<String> = ["HH", "LL", "AA"]

    /// `[tiers]` as classification compares it.
    struct Rules: Sendable {
        /// `normal_flags`, trimmed and upper-cased.
        let normalFlags: Set<String>
        /// `critical_tests`, trimmed.
        let criticalTests: Set<String>

        init(criticalTests: [String], normalFlags: [String]) {
            self.normalFlags = Set(normalFlags.map(CodeText.normalized))
            self.criticalTests = Set(criticalTests.map(CodeText.trimmed))
        }
    }

    /// The tier of `order` and the reason, from its live (not deleted) observations.
    public static func classify(_ order: OrderResult, tiers: CareQueueConfig.Tiers) -> TierDecision {
        decide(order, tiers: tiers).decision
    }

    /// `classify`, also naming the observation that set the tier (the row shows its value).
    public static func decide(_ order: OrderResult, tiers: CareQueueConfig.Tiers) -> TierEvidence {
        let rules = tiers.rules
        // Observations are read in place by index: a copy of each would count references to all its strings.
        let observations = order.observations
        // Deleted observations (OBX-11 D) no longer say anything about the patient.
        var liveCount = 0
        for index in observations.indices where !isDeleted(observations[index].status) {
            liveCount += 1
            if let flag = observations[index].flags.first(where: { isPanic(CodeText.normalized($0)) }) {
                return TierEvidence(TierDecision(urgency: .critical, reason: "critical: OBX-8=\(CodeText.trimmed(flag)) on \(describe(observations[index]))"),
                                    decidingIndex: index)
            }
        }
        if !rules.criticalTests.isEmpty {
            for index in observations.indices
            where !isDeleted(observations[index].status) && rules.criticalTests.contains(observations[index].code) {
                let obs = observations[index]
                return TierEvidence(TierDecision(urgency: .critical, reason: "critical: \(obs.code) is a critical test ([tiers] critical_tests): \(describe(obs))"),
                                    decidingIndex: index)
            }
            // An order whose every observation was deleted is not critical just for its OBR-4 code.
            let allDeleted = !observations.isEmpty && liveCount == 0
            if rules.criticalTests.contains(order.serviceCode) && !allDeleted {
                return TierEvidence(TierDecision(urgency: .critical, reason: "critical: \(order.serviceCode) \(order.serviceText) is a critical test ([tiers] critical_tests)"))
            }
        }
        for index in observations.indices where !isDeleted(observations[index].status) {
            if let flag = observations[index].flags.first(where: { !rules.normalFlags.contains(CodeText.normalized($0)) }) {
                return TierEvidence(TierDecision(urgency: .abnormal, reason: "abnormal: OBX-8=\(CodeText.trimmed(flag)) on \(describe(observations[index]))"),
                                    decidingIndex: index)
            }
        }
        return TierEvidence(TierDecision(urgency: .routine,
                                         reason: liveCount == 0 ? "routine: no observations"
                                             : "routine: no abnormal flags on \(liveCount) observation\(liveCount == 1 ? "" : "s")"))
    }

    /// For a task tiered before the deciding observation was recorded: of observations with these
    /// OBX-8 flags, the first with a panic flag, else the first with a flag `tiers` does not call
    /// normal; nil when none is flagged.
    public static func flaggedIndex(_ flags: [[String]], tiers: CareQueueConfig.Tiers = .init()) -> Int? {
        let normal = tiers.rules.normalFlags
        return flags.firstIndex { $0.contains { isPanic(CodeText.normalized($0)) } }
            ?? flags.firstIndex { $0.contains { !normal.contains(CodeText.normalized($0)) } }
    }

    /// OBX-11 D, in any case and with any surrounding spaces.
    private static func isDeleted(_ status: String) -> Bool {
        CodeText.normalized(status) == "D"
    }

    /// Membership in `panicFlags`, without hashing.
    private static func isPanic(_ normalizedFlag: String) -> Bool {
        normalizedFlag == "HH" || normalizedFlag == "LL" || normalizedFlag == "AA"
    }

    /// "2823-3 Potassium 6.8 mmol/L"
    static func describe(_ obs: Observation) -> String {
        var parts = [obs.code, obs.text].filter { !$0.isEmpty }
        let value = [obs.value, obs.units].filter { !$0.isEmpty }.joined(separator: " ")
        if !value.isEmpty { parts.append(value) }
        return parts.joined(separator: " ")
    }
}
