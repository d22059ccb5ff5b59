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
        activeCoverages(for: npi, at: instant).first
    }

    /// Every coverage row in force for `npi` at `instant`, latest-starting first; on equal starts,
    /// the row added last comes first.
    public func activeCoverages(for npi: String, at instant: Date) -> [Coverage] {
        coverage.enumerated()
            .filter { $0.element.providerNPI == npi && $0.element.isActive(at: instant) }
            .sorted { ($0.element.startsAt, $0.offset) > ($1.element.startsAt, $1.offset) }
            .map(\.element)
    }

    /// Active roster people with `role`, by NPI (a retired coordinator is sent nothing).
    public func people(withRole role: ProviderRole) -> [Provider] {
        providers.values.filter { $0.role == role && $0.active }.sorted { $0.npi < $1.npi }
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
    /// Where a result naming `reference` goes at `instant`, with the sentence that explains it.
    public static func route(_ reference: ProviderReference?, roster: Roster, at instant: Date) -> RoutingDecision {
        guard let reference, !reference.id.isEmpty else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                   explanation: "Unassigned: no ordering provider in OBR-16 or ORC-12")
        }
        let field = reference.source.rawValue
        // The id came from the network: shown with its control characters visible, never cut.
        let shownID = UntrustedText.visible(reference.id)
        guard !UntrustedText.hasControlCharacters(reference.id) else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                   explanation: "Unassigned: provider id \(shownID) in \(field) contains control characters")
        }
        // DESIGN: an id is an NPI when XCN.13 says so or when it is ten digits passing the check
        // digit, whatever the extractor concluded.
        let namesNPI = reference.isNPI || reference.idType.uppercased() == "NPI" || NPI.isValid(reference.id)
        guard namesNPI, NPI.isValid(reference.id) else {
            let why = namesNPI ? "fails the NPI check digit" : "is not an NPI"
            return RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                   explanation: "Unassigned: provider id \(shownID) in \(field) \(why)")
        }
        let npi = reference.id
        guard let ordering = roster.providers[npi] else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: npi, coveringForNPI: nil,
                                   explanation: "Unassigned: NPI \(npi) in \(field) is not on the roster")
        }
        let active = roster.activeCoverages(for: npi, at: instant)
        // Coverage is not followed further: the covering provider's own coverage does not apply.
        // A retired provider's results still go to whoever covers them.
        if let covering = active.lazy.compactMap({ roster.providers[$0.coveringNPI] }).first(where: \.active) {
            return RoutingDecision(assignedNPI: covering.npi, orderingNPI: npi, coveringForNPI: npi,
                                   explanation: "\(covering.name) covering for \(ordering.name), matched NPI in \(field)")
        }
        guard ordering.active else {
            return RoutingDecision(assignedNPI: nil, orderingNPI: npi, coveringForNPI: nil,
                                   explanation: "Unassigned: NPI \(npi) in \(field) (\(ordering.name)) is retired from the roster")
        }
        // Coverage naming someone since removed from (or retired on) the roster must not lose the result.
        let ignored = active.first.map { coverage in
            let why = roster.providers[coverage.coveringNPI] == nil ? "not on the roster" : "retired"
            return " (coverage by NPI \(coverage.coveringNPI) ignored: \(why))"
        } ?? ""
        return RoutingDecision(assignedNPI: npi, orderingNPI: npi, coveringForNPI: nil,
                               explanation: "\(ordering.name), matched NPI in \(field)\(ignored)")
    }
}
