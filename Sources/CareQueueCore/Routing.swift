import Foundation

/// The roster and coverage rows routing consults.
public struct Roster: Sendable, Equatable {
    public var providers: [String: Provider]
    public var coverage: [Coverage]

    public init(providers: [Provider] = [], coverage: [Coverage] = []) {
        self.providers = Dictionary(providers.map { ($0.npi, $0) }, uniquingKeysWith: { _, last in last })
        self.coverage = coverage
    }

    /// The coverage row in force for `npi` at `instant` (the latest-starting one if several overlap).
    public func activeCoverage(for npi: String, at instant: Date) -> Coverage? {
        coverage.filter { $0.providerNPI == npi && $0.isActive(at: instant) }
            .max { $0.startsAt < $1.startsAt }
    }

    public func people(withRole role: ProviderRole) -> [Provider] {
        providers.values.filter { $0.role == role }.sorted { $0.npi < $1.npi }
    }
}

/// Whose queue a result lands in, and why.
public struct RoutingDecision: Sendable, Equatable {
    /// The queue owner; nil means the Unassigned queue.
    public var assignedNPI: String?
    /// The provider the message named, when it named a valid NPI (kept even when covered).
    public var orderingNPI: String?
    /// Set when a covering provider took the result: the ordering provider they cover.
    public var coveringForNPI: String?
    /// One line for `tasks show`: "covering for Dr A, matched NPI in OBR-16".
    public var explanation: String

    public init(assignedNPI: String?, orderingNPI: String?, coveringForNPI: String?, explanation: String) {
        self.assignedNPI = assignedNPI
        self.orderingNPI = orderingNPI
        self.coveringForNPI = coveringForNPI
        self.explanation = explanation
    }

    public var isUnassigned: Bool { assignedNPI == nil }
}

/// Routing rules from DESIGN.md: ordering provider → roster → active coverage → else Unassigned.
public enum Router {
    public static func route(_ reference: ProviderReference?, roster: Roster, at instant: Date) -> RoutingDecision {
        guard let reference, !reference.id.isEmpty else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                   explanation: "Unassigned: no ordering provider in OBR-16 or ORC-12")
        }
        let field = reference.source.rawValue
        guard reference.isNPI, NPI.isValid(reference.id) else {
            let why = reference.isNPI ? "fails the NPI check digit" : "is not an NPI"
            return RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                   explanation: "Unassigned: provider id \(reference.id) in \(field) \(why)")
        }
        let npi = reference.id
        guard let ordering = roster.providers[npi] else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: npi, coveringForNPI: nil,
                                   explanation: "Unassigned: NPI \(npi) in \(field) is not on the roster")
        }
        if let coverage = roster.activeCoverage(for: npi, at: instant),
           let covering = roster.providers[coverage.coveringNPI] {
            return RoutingDecision(assignedNPI: covering.npi, orderingNPI: npi, coveringForNPI: npi,
                                   explanation: "\(covering.name) covering for \(ordering.name), matched NPI in \(field)")
        }
        return RoutingDecision(assignedNPI: npi, orderingNPI: npi, coveringForNPI: nil,
                               explanation: "\(ordering.name), matched NPI in \(field)")
    }
}
