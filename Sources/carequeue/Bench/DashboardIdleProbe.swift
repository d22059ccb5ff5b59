import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Glibc

/// An idle dashboard for `seconds`, wired as `DashboardSession` wires it but with `BenchTerminal`
/// for the screen: the real event loop (1 s ticks and their reloads), the store watcher polling
/// every 100 ms, the scheduled sweep when there is no listener, and with `listening` a real
/// listener on port 0 whose upkeep beats the heartbeat (each beat a commit the watcher sees).
/// Run in a process of its own, so CPU and memory are the dashboard's alone.
enum DashboardIdleProbe {
    struct Result: Sendable, Equatable {
        var cpuSeconds: Double
        var wallSeconds: Double
        var residentKB: Int
        var peakResidentKB: Int
        var frames: Int

        var cpuPercent: Double { wallSeconds > 0 ? cpuSeconds / wallSeconds * 100 : 0 }

        /// The line the child prints and the parent reads.
        var line: String {
            "idle cpu=\(cpuSeconds) wall=\(wallSeconds) rss=\(residentKB) hwm=\(peakResidentKB) frames=\(frames)"
        }

        init(cpuSeconds: Double, wallSeconds: Double, residentKB: Int, peakResidentKB: Int, frames: Int) {
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
            self.residentKB = residentKB
            self.peakResidentKB = peakResidentKB
            self.frames = frames
        }

        init?(line: Substring) {
            var fields: [String: Double] = [:]
            for pair in line.split(separator: " ").dropFirst() {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
            }
            guard line.hasPrefix("idle "), let cpu = fields["cpu"], let wall = fields["wall"], let rss = fields["rss"],
                  let hwm = fields["hwm"], let frames = fields["frames"] else { return nil }
            self.init(cpuSeconds: cpu, wallSeconds: wall, residentKB: Int(rss), peakResidentKB: Int(hwm),
                      frames: Int(frames))
        }
    }

    static func run(database path: String, listening: Bool, seconds: Double, size: GridSize) async throws -> Result {
        var config = CareQueueConfig()
        config.listener.host = "127.0.0.1"
        config.listener.port = 0
        let store = try StoreAccess.run { try StoreLocation.parse(path) }
        let service = listening ? try ListenerService(config: config, store: store) : nil
        let address = try await service?.start()
        let database = try service?.database ?? StoreAccess.open(store, access: .existing, config: config)
        let listener: DashboardSettings.Listener = address.map { .running(address: $0) } ?? .off
        let data = try DashboardStoreAdapter(database: database)
        let changes = try database.changeSignal()
        let result: Result
        do {
            result = try await MainActor.run {
                try loop(database: database, data: data, changes: changes, listener: listener, seconds: seconds, size: size)
            }
        } catch {
            await service?.stop()
            throw error
        }
        await service?.stop()
        return result
    }

    @MainActor
    private static func loop(database: CareQueueDatabase, data: DashboardStoreAdapter, changes: StoreChangeSignal,
                             listener: DashboardSettings.Listener, seconds: Double, size: GridSize) throws -> Result {
        let clock = SystemTimeSource()
        let terminal = try BenchTerminal(size: size)
        let loop = try EventLoop(device: terminal, clock: clock,
                                 configuration: EventLoop.Configuration(minimumSize: DashboardLayout.minimumSize))
        let settings = DashboardSettings(user: "bench", listener: listener, accountName: ProcessAccount.current)
        let runner = ActionRunner(actions: DashboardActions(database: database), waker: loop.waker)
        let access = AccessAuditRecorder(database: database, user: "bench", terminal: "bench")
        let runtime = DashboardRuntime(data: data, views: DashboardViewsAdapter(database: database), runner: runner,
                                       clock: clock, access: access)
        // A running listener's upkeep sweeps; without one, the dashboard does (as DashboardSession decides).
        let sweeper: DashboardSweep?
        if case .running = listener { sweeper = nil } else { sweeper = DashboardSweep(database: database, clock: clock) }
        let watcher = RepeatingThread.storeWatcher(waker: loop.waker) {
            let changed = try changes.changed()
            if changed { sweeper?.storeChanged() }
            return changed
        }
        var state = DashboardState(settings: settings, now: clock.now(), size: size)
        runtime.prepare(&state)
        watcher.start()
        sweeper?.start()
        access.start()
        defer {
            watcher.stop()
            sweeper?.stop()
            runtime.finish()
            access.finish()
        }
        let before = usage()
        let started = ContinuousClock.now
        let stop = UInt64(seconds * 1e9)
        Thread.detachNewThread { [terminal] in
            Thread.sleep(forTimeInterval: Double(stop) / 1e9)
            terminal.hangUp()
        }
        _ = try loop.run(&state, update: { runtime.handle($1, state: &$0) }, view: DashboardView.render)
        let wall = (ContinuousClock.now - started).milliseconds / 1000
        let memory = residentMemory()
        return Result(cpuSeconds: usage() - before, wallSeconds: wall, residentKB: memory.current,
                      peakResidentKB: memory.peak, frames: terminal.frames)
    }

    /// User plus system CPU of the whole process (every thread), in seconds.
    static func usage() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// VmRSS and VmHWM from /proc/self/status, in KiB.
    static func residentMemory() -> (current: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
