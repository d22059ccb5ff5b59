import CareQueueCore
import Foundation

/// One element of `roster list --json`.
public struct ProviderJSON: Encodable {
    public let provider: Provider

    public init(_ provider: Provider) { self.provider = provider }

    enum CodingKeys: String, CodingKey {
        case npi, name, role, supervisorNPI = "supervisor_npi", login, coordinators, active
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(provider.npi, forKey: .npi)
        try container.encode(provider.name, forKey: .name)
        try container.encode(provider.role.rawValue, forKey: .role)
        try container.encode(provider.supervisorNPI, forKey: .supervisorNPI)
        try container.encode(provider.login, forKey: .login)
        try container.encode(provider.coordinators, forKey: .coordinators)
        try container.encode(provider.active, forKey: .active)
    }
}

/// One element of `coverage list --json`; `active` is as of the listing.
public struct CoverageJSON: Encodable {
    public let coverage: Coverage
    public let active: Bool

    public init(_ coverage: Coverage, at now: Date) {
        self.coverage = coverage
        active = coverage.isActive(at: now)
    }

    enum CodingKeys: String, CodingKey {
        case providerNPI = "provider_npi", coveringNPI = "covering_npi", startsAt = "starts_at", endsAt = "ends_at", active
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coverage.providerNPI, forKey: .providerNPI)
        try container.encode(coverage.coveringNPI, forKey: .coveringNPI)
        try container.encode(CLIJSON.instant(coverage.startsAt), forKey: .startsAt)
        try container.encode(CLIJSON.instant(coverage.endsAt), forKey: .endsAt)
        try container.encode(active, forKey: .active)
    }
}
