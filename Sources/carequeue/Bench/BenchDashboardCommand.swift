import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging

/// `carequeue bench dashboard`: key-to-frame latency per key class at N open tasks, idle CPU and
/// memory with and without a listener, and find over closed history.
struct BenchDashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Dashboard key latency (p50/p99 per key class), idle CPU and memory, at N open tasks.")

    /// The goals.
    static let keyGoal = 16.0
    static let idleCPUGoal = 1.0
    static let idleMemoryGoalMB = 64.0
    static let size = GridSize(width: 140, height: 42)

    @Option(help: "Open tasks in the store.")
    var tasks: Int = 100_000

    @Option(help: "Closed tasks added afterwards, to time find over history (0: skip).")
    var closed: Int = 0

    @Option(help: "Samples per key class (find: characters typed over several searches, about a sixth as many).")
    var samples: Int = 200

    @Option(help: "Seconds of each idle run.")
    var idleSeconds: Double = 10

    @Option(help: ArgumentHelp("Run on this empty PostgreSQL database instead of a SQLite file of its own.",
                               valueName: "postgresql://…"))
    var db: String?

    /// Set on the child process that runs one idle dashboard over an existing store.
    @Option(help: .hidden) var idleProbe: String?
    @Flag(help: .hidden) var idleListener = false

    func validate() throws {
        guard tasks >= 100, tasks <= 10_000_000 else { throw ValidationError("--tasks must be 100–10,000,000") }
        guard closed >= 0, closed <= 20_000_000 else { throw ValidationError("--closed must be 0–20,000,000") }
        guard samples >= 10 else { throw ValidationError("--samples must be at least 10") }
        guard idleSeconds > 0, idleSeconds <= 600 else { throw ValidationError("--idle-seconds must be 0–600") }
        if let db, !PostgresURL.isURL(db) {
            throw ValidationError("--db: the bench builds a SQLite database of its own; only an empty PostgreSQL database may be named")
        }
    }

    func run() async throws {
        try LogSetup.bootstrapOnce(CareQueueConfig.Log(), default: .warning)
        if let idleProbe {
            let result = try await DashboardIdleProbe.run(database: idleProbe, listening: idleListener,
                                                          seconds: idleSeconds, size: Self.size)
            print(result.line)
            return
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("carequeue-bench-dashboard-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The children (idle dashboards) get the store as text: the file's path or the URL.
        let path = db ?? folder.appendingPathComponent("bench.sqlite").path
        let store = try StoreAccess.run { try StoreLocation.parse(path) }
        print("bench dashboard: \(tasks) open tasks, \(Self.size.width)×\(Self.size.height) screen, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores, on \(store)")

        let built = ContinuousClock.now
        let database: CareQueueDatabase
        switch store {
        case .sqlite:
            try DashboardBenchStore.build(at: path, open: tasks, now: Date())
            database = try CareQueueDatabase(path: path, access: .existing)
        case .postgres(let location):
            database = try StoreAccess.openEmpty(location, config: CareQueueConfig(), for: "the bench")
            try DashboardBenchStore.build(postgres: database, open: tasks, now: Date())
        }
        // Escalations already recorded, as in a store a sweep has kept up with.
        SweepRunner.run(database, at: Date(), logger: Logger(label: "carequeue.bench"))
        print(String(format: "  store built in %.1f s (tasks, observations, a catch-up sweep)",
                     (ContinuousClock.now - built).milliseconds / 1000))

        try await printKeys(database: database, heading: "keys at \(tasks) open tasks", findSearches: max(8, samples / 25))
        try await printIdle(path: path, folder: folder)

        if closed > 0 {
            let added = ContinuousClock.now
            if case .sqlite = store {
                try DashboardBenchStore.addClosed(at: path, count: closed, now: Date())
            } else {
                try DashboardBenchStore.addClosed(to: database, count: closed, now: Date())
            }
            print(String(format: "  %d closed tasks added in %.1f s", closed, (ContinuousClock.now - added).milliseconds / 1000))
            if case .sqlite = store { print(try DashboardBenchStore.findIndexSizes(at: path)) }
            try await printFind(database: database, heading: "find with \(closed) closed tasks in the store")
        }
    }

    @MainActor
    private func printKeys(database: CareQueueDatabase, heading: String, findSearches: Int) throws {
        let terminal = try BenchTerminal(size: Self.size)
        let loop = try EventLoop(device: terminal)
        let access = AccessAuditRecorder(database: database, user: "bench", terminal: "bench")
        access.start()
        defer { access.finish() }
        let timer = try DashboardKeyTimer(database: database, size: Self.size, waker: loop.waker, access: access)
        defer { timer.finish() }
        let timings = DashboardKeyClasses.run(timer, samples: samples, findSearches: findSearches)
        print("  \(heading), the worklist as \(DashboardBenchMix.coordinator) (\(timings.worklist)), then \(timings.queue) "
              + "(key → frame rendered; goal p99 ≤ \(Int(Self.keyGoal)) ms):")
        for (name, samples) in timings.byClass { print(Self.row(name, LatencySummary(samples))) }
        print("    find matches: " + timings.matches.map { "\($0.fragment) \($0.count)" }.joined(separator: ", "))
        print("    slowest find keys: " + timings.slowestFind.map { "\($0.typed) " + String(format: "%.2f ms", $0.ms) }
            .joined(separator: ", "))
    }

    @MainActor
    private func printFind(database: CareQueueDatabase, heading: String) throws {
        let terminal = try BenchTerminal(size: Self.size)
        let loop = try EventLoop(device: terminal)
        let timer = try DashboardKeyTimer(database: database, size: Self.size, waker: loop.waker, access: NoAccessAudit())
        defer { timer.finish() }
        print("  \(heading):")
        for closed in [false, true] {
            var find: [Double] = []
            var slowest: [(typed: String, ms: Double)] = []
            var matches: [String] = []
            for fragment in DashboardKeyClasses.fragments + DashboardKeyClasses.testFragments {
                timer.press(.character("/"))
                // Tab on the find line: closed tasks too.
                if closed { timer.press(.tab) }
                var typed = ""
                for character in fragment {
                    typed.append(character)
                    let elapsed = timer.press(.character(character))
                    find.append(elapsed)
                    slowest.append((typed, elapsed))
                }
                matches.append("\(fragment) \(timer.matchSummary)")
                timer.press(.escape)
            }
            print(Self.row(closed ? "each find character, closed too (Tab)" : "each find character", LatencySummary(find)))
            print("      matches: " + matches.joined(separator: ", "))
            print("      slowest: " + slowest.sorted { $0.ms > $1.ms }.prefix(3)
                .map { "\($0.typed) " + String(format: "%.2f ms", $0.ms) }.joined(separator: ", "))
        }
    }

    private func printIdle(path: String, folder: URL) async throws {
        print("  idle dashboard, \(Int(idleSeconds)) s (goal ≤ \(Int(Self.idleCPUGoal)) % CPU, ≤ \(Int(Self.idleMemoryGoalMB)) MB resident):")
        for listening in [false, true] {
            let result = try await idleChild(path: path, folder: folder, listening: listening)
            let met = result.cpuPercent <= Self.idleCPUGoal && Double(result.peakResidentKB) / 1024 <= Self.idleMemoryGoalMB
            print("    " + (listening ? "with a listener" : "without a listener").padded(22)
                  + String(format: " %5.2f %% CPU  %5.1f MB resident (peak %5.1f MB)  %d frames   ", result.cpuPercent,
                           Double(result.residentKB) / 1024, Double(result.peakResidentKB) / 1024, result.frames)
                  + (met ? "met" : "NOT met"))
        }
    }

    /// One idle dashboard in a child process of this binary, so its CPU and memory are its own.
    private func idleChild(path: String, folder: URL, listening: Bool) async throws -> DashboardIdleProbe.Result {
        let output = folder.appendingPathComponent(listening ? "idle-listener.out" : "idle.out").path
        let arguments = ["bench", "dashboard", "--idle-probe", path, "--idle-seconds", String(idleSeconds)]
            + (listening ? ["--idle-listener"] : [])
        let child = try ChildProcess.spawn(ListenerIncarnation.executable, arguments, output: output)
        guard let termination = await child.waitForExit(within: .seconds(Int(idleSeconds) + 60)) else {
            await child.killAndReap()
            throw CommandFailure("the idle dashboard did not finish")
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard termination == .exited(0), let line = text.split(separator: "\n").last(where: { $0.hasPrefix("idle ") }),
              let result = DashboardIdleProbe.Result(line: line) else {
            throw CommandFailure("the idle dashboard failed (\(termination)): \(text.suffix(600))")
        }
        return result
    }

    static func row(_ name: String, _ summary: LatencySummary) -> String {
        "    " + name.padded(38)
            + String(format: " p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%d samples)  ", summary.p50, summary.p99,
                     summary.max, summary.count) + (summary.p99 <= keyGoal ? "met" : "NOT met")
    }
}

/// The access audit for timing find alone: nothing is recorded.
private struct NoAccessAudit: AccessAudit {
    func record(_ event: AccessEvent, at: Date) {}
}

private extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
