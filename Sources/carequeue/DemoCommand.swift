import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import MLLP
import NIOCore

/// `carequeue demo`: what a newcomer runs first.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A live demo: a fresh demo database, the listener, a simulated feed, then the dashboard.",
        discussion: """
            Recreates demo.sqlite beside the database (never the database itself), imports \
            SampleData/roster.csv and coverage.csv (a built-in roster when there is no SampleData), \
            loads SampleData/*.hl7 through the listener on 2575 (a free port when 2575 is busy, said \
            on screen), keeps a simulated ORU^R01 feed going over MLLP and opens the dashboard. Due \
            windows are shortened (critical 3m, abnormal 15m, routine 45m) so aging and escalations \
            show within minutes; --real-windows keeps the configured ones.
            """)

    /// Windows short enough to watch rows age and escalate during a demo.
    static let demoWindows: CareQueueConfig.Windows = {
        var windows = CareQueueConfig.Windows()
        windows.critical = 3 * 60
        windows.abnormal = 15 * 60
        windows.routine = 45 * 60
        return windows
    }()

    @OptionGroup var common: CommonOptions

    @Option(help: "Simulated messages per second.") var rate: Double = 1
    @Flag(help: "Keep the configured due windows instead of the demo's short ones.") var realWindows = false
    @Option(help: ArgumentHelp("Dashboard theme (as for `dashboard --theme`).", valueName: "name")) var theme: String?
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        guard rate > 0, rate <= 1000 else { throw ValidationError("--rate must be between 0 and 1000 per second") }
    }

    func run() async throws {
        var config = try common.loadConfiguration()
        let theme = try DashboardResources.theme(named: theme ?? config.ui.theme)
        let user = try actor.name()
        let path = try DemoDatabase.path(beside: common.databasePath)
        let sampleData = DashboardResources.directories(named: "SampleData", override: "CAREQUEUE_SAMPLE_DATA").first
        try DemoDatabase.recreate(at: path)
        let roster = try DemoDatabase.seed(path, from: sampleData, config: config)
        var notes: [DashboardSession.Note] = []
        if !realWindows {
            config.windows = Self.demoWindows
            notes.append(DashboardSession.Note(text: "Demo: due windows shortened to 3m / 15m / 45m"))
        }
        if sampleData == nil { notes.append(DashboardSession.Note(text: "no SampleData found: built-in roster")) }
        let host = config.listener.host
        let rate = rate
        let samples = try sampleData.map(DemoDatabase.sampleMessages) ?? []
        let session = DashboardSession(
            config: config, databasePath: path,
            listening: .on(host: host, port: config.listener.port, fallbackToFreePort: true),
            theme: theme, user: user, notes: notes,
            whenListening: { port in
                let target = host == "0.0.0.0" ? "127.0.0.1" : host
                try await DemoFeed.load(samples, host: target, port: port, roster: roster)
                return Task.detached {
                    let feed = SimulatedFeed(host: target, port: port, rate: rate, count: nil, roster: roster,
                                             seed: UInt64(Date().timeIntervalSince1970 * 1000))
                    do {
                        try await feed.run { _, _ in }
                    } catch {
                        // Cancelled when the dashboard closes; anything else is worth a log line.
                        if !Task.isCancelled { Logger(label: "carequeue.demo").warning("demo feed stopped: \(error)") }
                    }
                }
            })
        try await session.run()
    }
}

/// The demo's own database file and what goes in it.
enum DemoDatabase {
    /// `demo.sqlite` in the directory of `database`; refuses to name `database` itself.
    static func path(beside database: String) throws -> String {
        let url = URL(fileURLWithPath: database).standardizedFileURL
        let demo = url.deletingLastPathComponent().appendingPathComponent("demo.sqlite").standardizedFileURL
        guard demo.path != url.path else {
            throw CommandFailure("\(database) is named demo.sqlite: the demo recreates that file, so it will not use it as the database; pass another --db")
        }
        return demo.path
    }

    /// Removes the demo database and its companions so the run starts empty.
    static func recreate(at path: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal", "-audit-anchor", ".log"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw CommandFailure("cannot remove the old demo database \(path + suffix): \(error.localizedDescription)")
            }
        }
    }

    /// Creates the database and imports the roster and coverage; returns the roster.
    static func seed(_ path: String, from sampleData: URL?, config: CareQueueConfig) throws -> [Provider] {
        let database = try StoreAccess.open(path, access: .create, config: config)
        let rosterFile = sampleData?.appendingPathComponent("roster.csv").path
        let providers: [Provider]
        if let rosterFile, FileManager.default.fileExists(atPath: rosterFile) {
            providers = try RosterFile.load(rosterFile)
        } else {
            providers = builtInRoster
        }
        _ = try StoreAccess.run { try database.importRoster(providers) }
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
        return providers
    }

    /// The messages in `SampleData/*.hl7` (not `bad/`), file by file in name order.
    static func sampleMessages(in directory: URL) throws -> [[UInt8]] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.filter { $0.hasSuffix(".hl7") }.sorted()
            .flatMap { try OutgoingMessages.messages(inFile: directory.appendingPathComponent($0).path) }
    }

    /// A small clinic, used when there is no SampleData/roster.csv.
    static let builtInRoster: [Provider] = [
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

/// Getting results into the demo before the screen opens.
enum DemoFeed {
    /// Sends `samples` (or, without any, a burst of simulated results) through the listener.
    static func load(_ samples: [[UInt8]], host: String, port: Int, roster: [Provider]) async throws {
        if samples.isEmpty {
            let burst = SimulatedFeed(host: host, port: port, rate: 500, count: 40, roster: roster,
                                      seed: UInt64(Date().timeIntervalSince1970))
            try await burst.run { _, _ in }
            return
        }
        let client = MLLPClient(host: host, port: port)
        for message in samples {
            _ = try await client.send(message, timeout: .seconds(10))
        }
        await client.close()
    }
}
