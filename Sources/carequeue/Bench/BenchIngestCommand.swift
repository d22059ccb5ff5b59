import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import GRDBSQLite
import MLLP
import NIOCore

/// `carequeue bench ingest`: a real listener on port 0 in a temporary database, N stop-and-wait senders.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Durable ingest rate and ACK latency (FULL, NORMAL, persistence off; results only and a 50/50 order/result mix) beside the serial limit, the schema ceiling and a python-hl7 peer, in one run.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Concurrent senders, each waiting for its ACK before sending the next message.")
    var senders: Int = 8

    @Option(help: "Messages in all, per mode.")
    var messages: Int = 16_000

    @Option(help: "Python with the `hl7` package for the peer (default: .venv/bin/python, else python3).")
    var python: String?

    @Option(help: "Seconds of sustained FULL ingest (the senders send back to back; 0 skips it).")
    var sustained: Int = 60

    @Option(help: "Messages per second for the paced FULL run (all senders together; 0 skips it).")
    var pacedRate: Int = 500

    @Option(help: "Seconds of the paced run.")
    var pacedSeconds: Int = 20

    @Option(help: "sqlite: the SQLite modes and baselines below. postgres: SQLite FULL and PostgreSQL (synchronous_commit = on) beside the same no-persistence baseline, with 1 and with --senders senders; the PostgreSQL server is --db, $CAREQUEUE_DB or [store] url, whose role may CREATE DATABASE (a scratch database is made and dropped).")
    var store: BenchStore = .sqlite

    @Flag(inversion: .prefixedNo, help: "Also run FULL with every other message an order its next result matches (a 50/50 order/result mix).")
    var orderMix = true

    func validate() throws {
        guard senders >= 1, senders <= 256 else { throw ValidationError("--senders must be 1–256") }
        guard messages >= senders else { throw ValidationError("--messages must be at least --senders") }
    }

    struct Run {
        var label: String
        var rate: Double
        var p50: Double
        var p99: Double
        /// Mean ACK latency, ms: the round trip a serial sender pays per message.
        var mean: Double
        var commits = 0
        var perCommit = 0.0
        var largestGroup = 0
        /// Seconds from the first send to the last ACK, and until the last task was visible to another connection.
        var lastACK = 0.0
        var lastTaskVisible: Double?
        var messages = 0
        /// Milliseconds from each message's send until its task was visible (every message's task was seen).
        var visibleAfter: [Double] = []
        var statistics = StoreWriter.Statistics()
    }

    func run() async throws {
        try LogSetup.bootstrapOnce(CareQueueConfig.Log(), default: .warning)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carequeue-bench-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        if store == .postgres { return try await compareStores(folder: folder) }
        print("bench ingest: \(senders) sender\(senders == 1 ? "" : "s") × \(messages / senders) messages, each waiting for its ACK, fresh control ids (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

        var runs: [Run] = []
        for (label, mode) in [("persistence off", nil), ("synchronous=NORMAL", CareQueueConfig.Synchronous.normal),
                              ("synchronous=FULL", CareQueueConfig.Synchronous.full)] as [(String, CareQueueConfig.Synchronous?)] {
            let run = try await measure(label: label, synchronous: mode, database: folder.appendingPathComponent("\(runs.count).sqlite").path)
            runs.append(run)
            let name = label.padding(toLength: 20, withPad: " ", startingAt: 0)
            print(name.indented + String(format: " %9.0f msg/s   ACK latency p50 %6.2f ms  p99 %6.2f ms", run.rate, run.p50, run.p99)
                  + (run.commits > 0 ? String(format: "   %.1f messages per commit (max %d, %d commits)", run.perCommit, run.largestGroup, run.commits) : ""))
        }
        let off = runs[0], full = runs[2]
        if orderMix { try await printOrderMix(beside: full, folder: folder) }
        printDerivation(full)
        try printDerivationAlone(folder: folder)
        if senders == 1 {
            let ratio = full.p99 / max(full.p50, 0.001)
            print(String(format: "  ACK p99 / p50, 1 sender, FULL: %.2f / %.2f ms = %@ (goal ≤ 2×%@)", full.p99, full.p50,
                         IngestGoals.multiple(ratio), ratio <= 2 ? ": met" : ""))
        } else {
            print("  burst of \(messages) (fits [store] max_backlog), \(senders) senders: FULL "
                  + IngestGoals.compare(full.rate, to: off.rate, named: "persistence off", goal: 0.5))
        }
        try printBaselines(off: off, full: full, folder: folder)
        let target = senders == 1 ? 1_500.0 : 10_000.0
        print(String(format: "  DESIGN target for %d sender%@ (FULL) ≥ %.0f msg/s: %@ (%.2f× the target)", senders,
                     senders == 1 ? "" : "s", target, full.rate >= target ? "met" : "not met", full.rate / target))
        await printPeer(full: full, folder: folder)
        if sustained > 0 { try await printSustained(folder: folder) }
        if pacedRate > 0, pacedSeconds > 0 { try await printPaced(folder: folder) }
    }

    /// The same FULL run with half the messages orders (ORM^O01) each matched by the result after
    /// it, beside the results-only figure: what tracking orders costs the listener.
    private func printOrderMix(beside full: Run, folder: URL) async throws {
        let path = folder.appendingPathComponent("order-mix.sqlite").path
        let mix = try await measure(label: "order/result mix", synchronous: .full, database: path,
                                    corpus: .fresh(ordersFirst: true))
        let raw = try RawSQLite(path: path, readOnly: true)
        let orders = try raw.prepare("SELECT count(*) FROM orders").run() ?? 0
        let matched = try raw.prepare("SELECT count(*) FROM orders WHERE state = 'final' AND result_task_id IS NOT NULL").run() ?? 0
        print(String(format: "  50/50 order/result mix, FULL: %@ msg/s (ACK p50 %.2f ms, p99 %.2f ms) beside results only %@ msg/s: %@; %d of %d orders matched to their results",
                     IngestGoals.grouped(mix.rate), mix.p50, mix.p99, IngestGoals.grouped(full.rate),
                     IngestGoals.multiple(mix.rate / full.rate), matched, orders))
    }

    private func printDerivation(_ full: Run) {
        let statistics = full.statistics
        let visible = full.lastTaskVisible.map { String(format: "last task visible at %.3f s", $0) } ?? "the last task was NOT visible within 60 s"
        print(String(format: "  FULL: last ACK %.3f s after the first send, %@; derivation: %d chunks, %.1f messages per chunk (max %d), backlog at most %d, %d failed",
                     full.lastACK, visible, statistics.chunks,
                     Double(statistics.messagesDerived) / Double(max(statistics.chunks, 1)), statistics.largestChunk,
                     statistics.largestBacklog, statistics.derivationFailures))
    }

    private func printDerivationAlone(folder: URL) throws {
        let alone = try DerivationAlone.measure(messages: messages, in: folder)
        print(String(format: "  derivation alone (a stored backlog of %@, one writer, FULL): %@ msg/s, %.0f µs CPU per message",
                     IngestGoals.grouped(Double(alone.messages)), IngestGoals.grouped(alone.rate), alone.cpuMicrosecondsPerMessage))
    }

    /// Back-to-back senders for `sustained` seconds: the rate at which messages are acknowledged
    /// AND visible as tasks (the first send until the last task is seen).
    private func printSustained(folder: URL) async throws {
        let plan = BenchSenders.Plan(until: ContinuousClock.now + .seconds(sustained))
        let run = try await measure(label: "sustained", synchronous: .full, database: folder.appendingPathComponent("sustained.sqlite").path,
                                    plan: plan, watchEachTask: true)
        guard let visible = run.lastTaskVisible else {
            print("  sustained \(sustained) s, \(senders) senders, FULL: the last task was NOT visible within 120 s")
            return
        }
        let rate = Double(run.messages) / visible
        print(String(format: "  sustained %d s, %d sender%@, FULL: %@ acknowledged, all visible as tasks at %.1f s: %@ msg/s (goal ≥ 5,000%@); ACK p99 %.2f ms; backlog at most %d",
                     sustained, senders, senders == 1 ? "" : "s", IngestGoals.grouped(Double(run.messages)), visible,
                     IngestGoals.grouped(rate), rate >= 5_000 ? ": met" : "", run.p99, run.statistics.largestBacklog))
    }

    /// Senders paced to `pacedRate` messages per second in all: ACK latency and arrival → visible.
    private func printPaced(folder: URL) async throws {
        let interval = Duration.seconds(Double(senders) / Double(pacedRate))
        let plan = BenchSenders.Plan(until: ContinuousClock.now + .seconds(pacedSeconds), interval: interval)
        let run = try await measure(label: "paced", synchronous: .full, database: folder.appendingPathComponent("paced.sqlite").path,
                                    plan: plan, watchEachTask: true)
        let visible = run.visibleAfter.sorted()
        print(String(format: "  paced %@ msg/s for %d s, %d sender%@, FULL: %@ sent at %@ msg/s; ACK p50 %.2f ms, p99 %.2f ms (goal ≤ 5 ms%@); arrival → visible p50 %.1f ms, p99 %.1f ms (goal ≤ 250 ms%@)",
                     IngestGoals.grouped(Double(pacedRate)), pacedSeconds, senders, senders == 1 ? "" : "s",
                     IngestGoals.grouped(Double(run.messages)), IngestGoals.grouped(run.rate), run.p50, run.p99,
                     run.p99 <= 5 ? ": met" : "", percentile(visible, 0.5), percentile(visible, 0.99),
                     !visible.isEmpty && percentile(visible, 0.99) <= 250 ? ": met" : ""))
    }

    private func printBaselines(off: Run, full: Run, folder: URL) throws {
        let fsyncRate = try RawBaselines.fsyncRate(in: folder)
        let sqliteRate = try RawBaselines.sqliteOneRowPerTransaction(in: folder)
        print(String(format: "  baselines: raw fsync %.0f/s; raw SQLite one row per transaction (FULL) %.0f/s", fsyncRate, sqliteRate))
        print(String(format: "  FULL is %.2f× persistence off, %.2f× raw one-row-per-transaction SQLite, %.2f× raw fsync",
                     full.rate / off.rate, full.rate / sqliteRate, full.rate / fsyncRate))
        let limit = IngestGoals.serialLimit(offRoundTripMilliseconds: off.mean, rawCommitsPerSecond: sqliteRate)
        print(String(format: "  serial limit 1 / (no-persistence round trip %.3f ms + raw one-row commit %.3f ms) = %@ msg/s",
                     off.mean, 1000 / sqliteRate, IngestGoals.grouped(limit)))
        let goal = senders == 1 ? IngestGoals.serialLimitFraction : nil
        print("  FULL \(senders) sender\(senders == 1 ? "" : "s"): " + IngestGoals.compare(full.rate, to: limit, named: "the serial limit", goal: goal)
              + (goal == nil ? " (the goal is for 1 sender)" : ""))
        for perTransaction in [1, 16] {
            let ceiling = try SchemaCeiling.rate(in: folder, perTransaction: perTransaction)
            print("  schema ceiling, \(perTransaction) message\(perTransaction == 1 ? "" : "s") per transaction (the store's statements, SQLite C API, FULL): \(IngestGoals.grouped(ceiling)) msg/s;"
                  + " FULL is \(IngestGoals.multiple(full.rate / ceiling)) of it")
        }
    }

    private func printPeer(full: Run, folder: URL) async {
        switch await PythonPeerBaseline.measure(python: python, senders: senders, perSender: messages / senders, folder: folder) {
        case .skipped(let why):
            print("  python peer: skipped — \(why)")
        case .measured(let peer, let stored):
            print(String(format: "  python peer (python-hl7 asyncio MLLP, raw message in SQLite WAL FULL, same senders): %@ msg/s, p50 %.2f ms, %d rows stored",
                         IngestGoals.grouped(peer.rate), percentile(peer.latencies.sorted(), 0.5), stored))
            print("  vs python peer: FULL " + IngestGoals.compare(full.rate, to: peer.rate, named: "the peer",
                                                                   goal: IngestGoals.peerMultiple(senders: senders)))
        }
    }

    /// One run on a listener of its own; `postgres`, when given, is the store instead of the SQLite file at `path`.
    func measure(label: String, synchronous: CareQueueConfig.Synchronous?, database path: String,
                 postgres: PostgresLocation? = nil, plan: BenchSenders.Plan? = nil, watchEachTask: Bool = false,
                 corpus: BenchMessages = .fresh()) async throws -> Run {
        var config = CareQueueConfig()
        config.listener.port = 0
        config.listener.host = "127.0.0.1"
        config.store.synchronous = synchronous ?? .normal
        let store = postgres.map(StoreLocation.postgres) ?? .sqlite(path: path)
        let service = try ListenerService(config: config, store: store, persistence: synchronous == nil ? .off : .durable)
        let address = try await service.start()
        let port = Int(address.split(separator: ":").last!)!
        // Opened before the first send: the reader a dashboard would be.
        let reader = synchronous == nil || watchEachTask || postgres != nil ? nil : try RawSQLite(path: path, readOnly: true)
        let postgresReader = synchronous == nil || postgres == nil ? nil : try StoreAccess.open(store, access: .readOnly, config: config)
        let watch = watchEachTask ? TaskVisibility(path: path) : nil
        let perSender = messages / senders
        let outcome = try await BenchSenders.drive(port: port, senders: senders, corpus: corpus,
                                                   plan: plan ?? BenchSenders.Plan(perSender: perSender))
        let total = outcome.latencies.count
        let expectedTasks = senders * corpus.tasks(ofMessages: total / senders)
        var visible = try await reader?.waitForRows(in: "tasks", reaching: expectedTasks, within: .seconds(60))
        if let postgresReader {
            visible = try await Self.waitForTasks(in: postgresReader, reaching: expectedTasks, within: .seconds(60))
        }
        var visibleAfter: [Double] = []
        if let watch {
            let seen = try watch.stop(after: total, within: .seconds(120))
            if seen.count >= total {
                visible = seen.values.max()
                visibleAfter = outcome.sends.compactMap { send in seen[send.controlID].map { ($0 - send.at).milliseconds } }
            }
        }
        let statistics = service.writer.statistics
        await service.stop()
        let sorted = outcome.latencies.sorted()
        return Run(label: label, rate: outcome.rate, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
                   mean: sorted.reduce(0, +) / Double(max(sorted.count, 1)),
                   commits: statistics.commits,
                   perCommit: Double(statistics.itemsCommitted) / Double(max(statistics.commits, 1)),
                   largestGroup: statistics.largestGroup, lastACK: outcome.seconds,
                   lastTaskVisible: visible.map { ($0 - outcome.started).milliseconds / 1000 },
                   messages: total, visibleAfter: visibleAfter, statistics: statistics)
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

private extension String {
    var indented: String { "  " + self }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
