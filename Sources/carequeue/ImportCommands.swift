import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue roster …`
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster", abstract: "Providers, coordinators and charge nurses.",
        subcommands: [RosterImportCommand.self, RosterListCommand.self])
}

/// `carequeue roster import FILE.csv`: upsert by NPI; nothing is imported when any row is bad.
struct RosterImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import providers from CSV: npi,name,role,supervisor_npi[,login][,coordinators][,active].",
        discussion: "Roles: physician, np, pa, coordinator, charge_nurse. login (optional column) is the person's operating-system account, so audit rows written from it name them; one account per person. A file without the column leaves stored logins alone. coordinators (optional column) lists, space-separated, the logins of the coordinators who work that provider's queue: the dashboard's worklist shows them those queues as theirs; a file without the column leaves stored coordinators alone. active (optional column) is true or false (empty: true): false retires the person, so nothing new routes to them and their open tasks go to Unassigned; a file without the column leaves who is retired alone. After the import every open task not reassigned by hand is routed again, so a result that came before its provider was on the roster reaches their queue. Every row is checked (NPI check digit, role, supervisor, login) and nothing is imported when any row is bad; each bad row is named by its line.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "CSV file with a header row.") var file: String

    func run() async throws {
        try CSVImport.run(config: try common.loadConfiguration(), store: common.storeLocation, file: file, parse: { text, roster throws(FileLineErrors) in
            let logins = Dictionary(roster.compactMap { provider in provider.login.map { ($0, provider.npi) } },
                                    uniquingKeysWith: { first, _ in first })
            return try RosterImport.contents(text: text, file: file, existing: Set(roster.map(\.npi)), loginsOnRoster: logins)
        }, save: { database, contents in
            let summary = try database.importRoster(contents.providers, settingLogins: contents.namesLogins,
                                                    settingCoordinators: contents.namesCoordinators,
                                                    settingActive: contents.namesActive, rerouteAt: Date())
            print("roster: \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged")
            for move in summary.rerouted { print(RerouteText.line(move)) }
        })
    }
}

/// `carequeue coverage …`
struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage", abstract: "Who covers whose results, and when.",
        subcommands: [CoverageImportCommand.self, CoverageListCommand.self, CoverageEndCommand.self])
}

/// `carequeue coverage import FILE.csv`: adds rows; identical rows are ignored.
struct CoverageImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import coverage from CSV: provider_npi,covering_npi,starts_at,ends_at.",
        discussion: "Times are ISO 8601; without an offset they are local time. Both providers must be on the roster. Nothing is imported when any row is bad. Coverage in force now moves the covered provider's open tasks at once, and a retired provider's Unassigned tasks go to whoever now covers them.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "CSV file with a header row.") var file: String

    func run() async throws {
        try CSVImport.run(config: try common.loadConfiguration(), store: common.storeLocation, file: file, parse: { text, roster throws(FileLineErrors) in
            try CoverageImport.parse(text: text, file: file, knownNPIs: Set(roster.map(\.npi)), timeZone: .current)
        }, save: { database, rows in
            // Coverage in force now moves the covered provider's open tasks at once, not at the next sweep.
            let summary = try database.importCoverage(rows, rerouteAt: Date())
            print("coverage: \(summary.added) added, \(summary.unchanged) already present")
            for move in summary.rerouted { print(RerouteText.line(move)) }
        })
    }
}
