import CareQueueCore
import CareQueueStore
import Foundation

/// The demo's own database file and what goes in it.
public enum DemoDatabase {
    /// `demo.sqlite` in the directory of `database`; refuses to name `database` itself.
    public static func path(beside database: String) throws -> String {
        let url = URL(fileURLWithPath: database).standardizedFileURL
        let demo = url.deletingLastPathComponent().appendingPathComponent("demo.sqlite").standardizedFileURL
        guard demo.path != url.path else {
            throw CommandFailure("\(database) is named demo.sqlite: the demo recreates that file, so it will not use it as the database; pass another --db")
        }
        return demo.path
    }

    /// Removes the demo database and its companions so the run starts empty.
    public static func recreate(at path: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal", "-audit-anchor", ".log"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw CommandFailure("cannot remove the old demo database \(path + suffix): \(error.localizedDescription)")
            }
        }
    }

    /// Creates the database and imports the roster and coverage, with `account` (this process's
    /// operating-system account) as the login of a demo physician so `s` signs off; returns the
    /// roster and the name of that physician.
    public static func seed(_ path: String, from sampleData: URL?, config: CareQueueConfig,
                            account: String = ProcessAccount.current) throws -> (roster: [Provider], signer: String?) {
        let database = try StoreAccess.open(path, access: .create, config: config)
        let rosterFile = sampleData?.appendingPathComponent("roster.csv").path
        let providers: [Provider]
        if let rosterFile, FileManager.default.fileExists(atPath: rosterFile) {
            providers = try RosterFile.load(rosterFile)
        } else {
            providers = builtInRoster
        }
        let (signing, signer) = signingAs(account, in: providers)
        _ = try StoreAccess.run { try database.importRoster(signing) }
        let known = Set(providers.map(\.npi))
        if let coverageFile = sampleData?.appendingPathComponent("coverage.csv").path,
           FileManager.default.fileExists(atPath: coverageFile) {
            let rows: [Coverage]
            do {
                rows = try CoverageImport.parse(text: try ImportFile.read(coverageFile), file: coverageFile,
                                                knownNPIs: known, timeZone: .current)
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure("\(error)")
            }
            _ = try StoreAccess.run { try database.importCoverage(rows) }
        } else if sampleData == nil {
            // Someone is away today, so "covering for" shows up in the demo.
            let now = Date()
            _ = try StoreAccess.run {
                try database.importCoverage([Coverage(providerNPI: "1245319599", coveringNPI: "1515151516",
                                                      startsAt: now.addingTimeInterval(-3600),
                                                      endsAt: now.addingTimeInterval(12 * 3600))])
            }
        }
        return (signing, signer)
    }

    /// `providers` with `account` as the login of the physician at the top of the roster (the first
    /// without a supervisor: they supervise the most queues, so they may sign most results), taken
    /// from whoever held it before; and that physician's name. Unchanged when there is none.
    public static func signingAs(_ account: String, in providers: [Provider]) -> ([Provider], String?) {
        let physicians = providers.filter { $0.role == .physician }
        guard LoginName.problem(account) == nil,
              let chosen = physicians.first(where: { $0.supervisorNPI == nil }) ?? physicians.first else {
            return (providers, nil)
        }
        let mapped = providers.map { provider in
            var provider = provider
            if provider.npi == chosen.npi {
                provider.login = account
            } else if provider.login == account {
                provider.login = nil
            }
            return provider
        }
        return (mapped, chosen.name)
    }

    /// The messages in `SampleData/*.hl7` (not `bad/`), file by file in name order.
    public static func sampleMessages(in directory: URL) throws -> [[UInt8]] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.filter { $0.hasSuffix(".hl7") }.sorted()
            .flatMap { try OutgoingMessages.messages(inFile: directory.appendingPathComponent($0).path) }
    }

    /// A small clinic, used when there is no SampleData/roster.csv.
    public static let builtInRoster: [Provider] = [
        Provider(npi: "1234567893", name: "Dr Ada Chen", role: .physician, supervisorNPI: "1245319599"),
        Provider(npi: "1245319599", name: "Dr Bo Okafor", role: .physician),
        Provider(npi: "1679576722", name: "Nia Park, NP", role: .np, supervisorNPI: "1234567893"),
        Provider(npi: "1515151516", name: "Dr Priya Raman", role: .physician, supervisorNPI: "1245319599"),
        Provider(npi: "1765432103", name: "Sam Ortiz, PA", role: .pa, supervisorNPI: "1515151516"),
        Provider(npi: "1003000126", name: "Cal Reyes", role: .coordinator),
        Provider(npi: "1093817819", name: "Dee Moss", role: .coordinator),
        Provider(npi: "1457492423", name: "Eve Lund", role: .chargeNurse),
    ]
}
