import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue roster list [--json]`
struct RosterListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the roster by NPI, retired people included.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "JSON output.") var json = false

    func run() async throws {
        let database = try StoreAccess.open(common.storeLocation, access: .readOnly, config: try common.loadConfiguration())
        let providers = try StoreAccess.run { try database.providers() }
        if json {
            try JSONOutput.print(providers.map(ProviderJSON.init))
            return
        }
        TextTable.print(header: ["NPI", "NAME", "ROLE", "SUPERVISOR", "LOGIN", "COORDINATORS", "ACTIVE"], rows: providers.map {
            [$0.npi, $0.name, $0.role.rawValue, $0.supervisorNPI ?? "-", $0.login ?? "-",
             $0.coordinators.isEmpty ? "-" : $0.coordinators.joined(separator: " "), $0.active ? "yes" : "retired"]
        })
    }
}

/// `carequeue coverage list [--active] [--json]`
struct CoverageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List coverage periods by provider and start.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "Only the coverage in force now.") var active = false
    @Flag(help: "JSON output.") var json = false

    func run() async throws {
        let database = try StoreAccess.open(common.storeLocation, access: .readOnly, config: try common.loadConfiguration())
        let now = Date()
        let rows = try StoreAccess.run { try database.coverage() }.filter { !active || $0.isActive(at: now) }
        if json {
            try JSONOutput.print(rows.map { CoverageJSON($0, at: now) })
            return
        }
        let names = try StoreAccess.run { try database.providers().namesByNPI }
        func named(_ npi: String) -> String { names[npi].map { "\($0) (\(npi))" } ?? npi }
        TextTable.print(header: ["PROVIDER", "COVERED BY", "STARTS", "ENDS", "STATE"], rows: rows.map {
            let state = $0.isActive(at: now) ? "active" : ($0.startsAt > now ? "upcoming" : "ended")
            return [named($0.providerNPI), named($0.coveringNPI), Timestamp.iso($0.startsAt), Timestamp.iso($0.endsAt), state]
        })
    }
}

/// `carequeue coverage end PROVIDER_NPI [--at T]`
struct CoverageEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "End a provider's coverage early.",
        discussion: "Ends the coverage in force at --at (default now) at that time. Ended now or in the past, the covered provider's open tasks move back at once (tasks reassigned by hand stay); a later end is applied by the sweep when it comes.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "NPI of the covered provider (see coverage list).") var providerNPI: String
    @Option(help: "When the coverage ends: ISO 8601, local time without an offset (default: now).") var at: String?

    func validate() throws {
        if let problem = NPI.problem(providerNPI, label: "PROVIDER_NPI") { throw ValidationError(problem) }
    }

    func run() async throws {
        let end = try AsOf.parseIfGiven(at, option: "--at")
        let user = try actor.name()
        let database = try StoreAccess.open(common.storeLocation, access: .existing, config: try common.loadConfiguration())
        let now = Date()
        let done = try StoreAccess.run { try database.endCoverage(providerNPI: providerNPI, at: end ?? now, now: now, by: user) }
        for coverage in done.ended {
            print("coverage of \(coverage.providerNPI) by \(coverage.coveringNPI) ends at \(Timestamp.iso(coverage.endsAt))")
        }
        for move in done.moves { print(RerouteText.line(move)) }
    }
}
