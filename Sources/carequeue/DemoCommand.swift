import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueSimulator
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
            on screen), keeps a simulated feed going over MLLP — orders from the clinic's EHR, most \
            resulted a little later, a few never, a few referrals, and results alone — and opens the \
            dashboard. Due windows are shortened (critical 3m, abnormal 15m, routine 45m) and so are \
            the times results are expected in (2m, stat 1m, referral 10m), so aging, escalations and \
            missing results show within minutes; --real-windows keeps the configured ones.
            """)

    /// Windows short enough to watch rows age and escalate during a demo.
    static let demoWindows: CareQueueConfig.Windows = {
        var windows = CareQueueConfig.Windows()
        windows.critical = 3 * 60
        windows.abnormal = 15 * 60
        windows.routine = 45 * 60
        windows.signoff = 10 * 60
        windows.review = 10 * 60
        return windows
    }()

    /// `configured` with expected times short enough that orders whose result never comes go overdue
    /// in minutes, while the feed (one message a second) results most orders well within them; the
    /// tiers of the tasks stay as configured.
    static func demoTurnaround(from configured: CareQueueConfig.Turnaround) -> CareQueueConfig.Turnaround {
        var turnaround = configured
        turnaround.defaultWindow = 2 * 60
        turnaround.stat = 60
        turnaround.referral = 10 * 60
        turnaround.tests = [:]
        return turnaround
    }

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
        // The demo is a fresh SQLite file of its own, beside the store's file, or in the data
        // directory when the store is a PostgreSQL database (which the demo never touches).
        let beside: String = switch try common.storeLocation {
        case .sqlite(let path): path
        case .postgres: DefaultPaths.sqliteDatabase(environment: ProcessInfo.processInfo.environment)
        }
        let path = try DemoDatabase.path(beside: beside)
        let sampleData = DashboardResources.directories(named: "SampleData", override: "CAREQUEUE_SAMPLE_DATA").first
        try DemoDatabase.recreate(at: path)
        let (roster, signer) = try DemoDatabase.seed(path, from: sampleData, config: config)
        var notes: [DashboardSession.Note] = []
        // The demo shows the sign-off gate (README recommends the same tiers for a clinic).
        if config.workflow.signoffRequired.isEmpty { config.workflow.signoffRequired = [.critical, .abnormal] }
        if !realWindows {
            config.windows = Self.demoWindows
            config.turnaround = Self.demoTurnaround(from: config.turnaround)
            // One note: the notes share one status line, and the sign-off note after it must still fit.
            notes.append(DashboardSession.Note(text: "Demo: due windows shortened to 3m / 15m / 45m, sign-off 10m, results expected 2m (stat 1m)"))
        }
        if let signer {
            notes.append(DashboardSession.Note(text: "Demo: critical and abnormal results wait for sign-off; s signs as \(signer)"))
        }
        if sampleData == nil { notes.append(DashboardSession.Note(text: "no SampleData found: built-in roster")) }
        // Without an EHR of the site's own, the demo writes back to a stand-in that answers AA.
        var standIn: AcknowledgingEHR?
        if config.outbound == nil {
            let ehr = try await AcknowledgingEHR()
            var outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: ehr.port)
            outbound.events = OutboundEvent.Kind.allCases
            config.outbound = outbound
            standIn = ehr
            notes.append(DashboardSession.Note(text: "Demo: actions are written back to a stand-in EHR on 127.0.0.1:\(ehr.port)"))
        }
        let host = config.listener.host
        let rate = rate
        let samples = try sampleData.map(DemoDatabase.sampleMessages) ?? []
        let session = DashboardSession(
            config: config, store: .sqlite(path: path),
            listening: .on(host: host, port: config.listener.port, fallbackToFreePort: true),
            theme: theme, user: user, notes: notes,
            whenListening: { port in
                let target = host == "0.0.0.0" ? "127.0.0.1" : host
                try await DemoFeed.load(samples, host: target, port: port, roster: roster)
                return Task.detached {
                    let feed = SimulatedFeed(host: target, port: port, rate: rate, count: nil, roster: roster,
                                             seed: UInt64(Date().timeIntervalSince1970 * 1000), orders: OrderFlow())
                    do {
                        try await feed.run { _, _ in }
                    } catch {
                        // Cancelled when the dashboard closes; anything else is worth a log line.
                        if !Task.isCancelled { Logger(label: "carequeue.demo").warning("demo feed stopped: \(error)") }
                    }
                }
            })
        defer { if let standIn { Task { await standIn.close() } } }
        try await session.run()
    }
}
