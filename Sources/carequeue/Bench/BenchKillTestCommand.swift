import CareQueueApp
import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue bench killtest`: SIGKILL the listener again and again under traffic, then prove that
/// nothing it acknowledged was lost or stored twice.
struct BenchKillTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "killtest",
        abstract: "Kill loop: SIGKILL the listener N times under traffic; check every AA'd message is stored exactly once.",
        discussion: """
            Makes a fresh database (a temporary folder, or --keep DIR), imports a roster, and runs \
            `carequeue listen --port 0` as a child of this binary. Senders deliver realistic ORU^R01 \
            (several orders, preliminary then final reports, a few without an MRN that must be refused \
            with AE), each resending the same bytes until an ACK answers. The listener is SIGKILLed at \
            seeded moments — during startup, right after it listens, while senders reconnect, mid-stream \
            during group commits, after a delay — and restarted on the same database. At the end a last \
            listener is stopped with SIGTERM and the database is checked: every AA'd control id is \
            stored once with its tasks, every AE'd one is in the review list, `audit verify` passes. \
            Exit 0 when all hold; 1 naming the first offending control ids, with the folder kept. \
            Without --config the listeners get a configuration written into the folder (loopback, \
            synchronous=FULL), not the user's default file. \
            With --db postgresql://… the loop runs on that PostgreSQL database instead, which must be \
            empty (a new database the DBA made for the test); the folder keeps the logs.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "How many times to SIGKILL the listener.")
    var kills: Int

    @Option(help: "Concurrent senders, each waiting for its ACK before the next message.")
    var senders: Int = 4

    @Option(help: "Seed for the messages and the kill moments (default: random, printed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Keep the database and logs in this folder (created when missing).", valueName: "dir"))
    var keep: String?

    @Option(help: ArgumentHelp("Roster CSV for the orders' providers (default: SampleData/roster.csv, else a built-in one).", valueName: "file"))
    var roster: String?

    func validate() throws {
        guard (1...100_000).contains(kills) else { throw ValidationError("--kills must be 1–100000") }
        guard (1...64).contains(senders) else { throw ValidationError("--senders must be 1–64") }
        if let db = common.db, !PostgresURL.isURL(db) {
            throw ValidationError("--db: the kill loop makes a fresh SQLite database of its own (keep it with --keep DIR); " +
                                  "only an empty PostgreSQL database may be named")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let seed = self.seed ?? UInt64.random(in: 1...999_999_999)
        let workspace = try KillTestWorkspace.make(keep: keep)
        let current = CurrentListener()
        let interrupts = KillTestInterrupts.install(current: current, workspace: workspace)
        defer { withExtendedLifetime(interrupts) {} }

        let configuration = common.config ?? workspace.configuration
        if common.config == nil { try workspace.writeConfiguration() }
        let config = try loadConfiguration(configuration)
        let providers = try rosterProviders()
        // The children get the text as given (a URL's options too); messages name the redacted form.
        let database = common.db ?? workspace.database
        let store = try StoreAccess.run { try StoreLocation.parse(database) }
        try createDatabase(store, config: config, roster: providers)
        print("bench killtest: \(kills) kills, \(senders) senders, seed \(seed), on \(store), in \(workspace.directory.path)")

        let ledger = KillTestLedger()
        let control = KillTestControl(senders: senders)
        let loop = KillLoop(schedule: KillSchedule.moments(count: kills, seed: seed),
                            listenArguments: ["--db", database, "--config", configuration, "--port", "0"],
                            log: workspace.listenerLog, ledger: ledger, control: control, current: current,
                            progressEvery: kills >= 50 ? kills / 10 : 0)
        let traffic = (0..<senders).map { KillTestTraffic(senderIndex: $0, seed: seed, roster: providers) }
        let report: KillLoop.Report
        do {
            report = try await loop.run(senders: traffic.map { KillTestSender(traffic: $0, ledger: ledger, control: control) })
        } catch {
            print("bench killtest: FAIL (seed \(seed)) after \(ledger.answered.count) messages: \(error)")
            print("  kept for inspection: \(workspace.directory.path)")
            Foundation.exit(1)
        }

        let answers = ledger.answered
        let snapshot: KillTestSnapshot
        do {
            snapshot = try StoreAccess.open(store, access: .readOnly, config: config).killTestSnapshot()
        } catch {
            print("bench killtest: FAIL (seed \(seed)): cannot read the database after the run: \(error)")
            print("  kept for inspection: \(workspace.directory.path)")
            Foundation.exit(1)
        }
        let reconciliation = KillTestReconciliation.check(answers, against: snapshot)
        let audit = await KillTestAuditCheck.run(database: database, configuration: configuration,
                                                 output: workspace.auditLog)
        let summary = KillTestSummary(seed: seed, senders: senders, report: report, answers: answers,
                                      refusedConnections: ledger.refusedConnections, reconciliation: reconciliation,
                                      audit: audit, elapsed: ContinuousClock.now - started)
        summary.lines.forEach { print($0) }
        if summary.passed, !workspace.keptByRequest {
            workspace.remove()
        } else {
            print("  kept for inspection: \(workspace.directory.path)")
        }
        Foundation.exit(summary.passed ? 0 : 1)
    }

    private func loadConfiguration(_ path: String) throws -> CareQueueConfig {
        do {
            return try CareQueueConfig.load(path: path, explicit: true)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// `--roster`, else SampleData/roster.csv where the program can find it, else the demo's clinic.
    private func rosterProviders() throws -> [Provider] {
        if let roster { return try RosterFile.load(roster) }
        let sampleData = DashboardResources.directories(named: "SampleData", override: "CAREQUEUE_SAMPLE_DATA")
        if let file = sampleData.map({ $0.appendingPathComponent("roster.csv").path })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return try RosterFile.load(file)
        }
        return DemoDatabase.builtInRoster
    }

    /// The fresh database with its roster, so results route to providers' queues. A PostgreSQL
    /// database must hold no CareQueue store yet: the checks count every row in it.
    private func createDatabase(_ store: StoreLocation, config: CareQueueConfig, roster: [Provider]) throws {
        let database: CareQueueDatabase
        switch store {
        case .sqlite: database = try StoreAccess.open(store, access: .create, config: config)
        case .postgres(let location): database = try StoreAccess.openEmpty(location, config: config, for: "the kill loop")
        }
        _ = try StoreAccess.run { try database.importRoster(roster) }
    }
}
