import Foundation

/// Urgency tier; comparison orders routine < abnormal < critical.
public enum Urgency: String, Sendable, Codable, CaseIterable, Comparable {
    case routine, abnormal, critical

    private var rank: Int {
        switch self {
        case .routine: return 0
        case .abnormal: return 1
        case .critical: return 2
        }
    }

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

/// A follow-up task's place in its lifecycle.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case open, acknowledged, closed
}

/// Roster roles (CSV `role` column).
public enum ProviderRole: String, Sendable, Codable, CaseIterable {
    case physician, np, pa, coordinator
    case chargeNurse = "charge_nurse"

    /// Roles that order tests and own a result queue.
    public var ordersTests: Bool { self == .physician || self == .np || self == .pa }
}

/// One roster row.
public struct Provider: Sendable, Equatable, Codable {
    public var npi: String
    public var name: String
    public var role: ProviderRole
    public var supervisorNPI: String?
    /// The operating-system account this person logs in with, so audit rows written from it name them.
    public var login: String?
    /// Logins of the coordinators who work this provider's queue (the worklist's "mine").
    public var coordinators: [String]
    /// False once the person has left: kept on the roster for history, but nothing routes to them.
    public var active: Bool

    public init(npi: String, name: String, role: ProviderRole, supervisorNPI: String? = nil, login: String? = nil,
                coordinators: [String] = [], active: Bool = true) {
        self.npi = npi
        self.name = name
        self.role = role
        self.supervisorNPI = supervisorNPI
        self.login = login
        self.coordinators = coordinators
        self.active = active
    }
}

/// One coverage row: `coveringNPI` takes `providerNPI`'s results in [startsAt, endsAt).
public struct Coverage: Sendable, Equatable, Codable {
    public var providerNPI: String
    public var coveringNPI: String
    public var startsAt: Date
    public var endsAt: Date

    public init(providerNPI: String, coveringNPI: String, startsAt: Date, endsAt: Date) {
        self.providerNPI = providerNPI
        self.coveringNPI = coveringNPI
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public func isActive(at instant: Date) -> Bool { startsAt <= instant && instant < endsAt }
}

extension Sequence where Element == Provider {
    /// Roster names by NPI (an NPI is the roster's key, so each appears once).
    public var namesByNPI: [String: String] {
        Dictionary(map { ($0.npi, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
