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
        abstract: "Durable ingest rate and ACK latency (FULL, NORMAL, persistence off) beside the serial limit, the schema ceiling and a python-hl7 peer, in one run.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Concurrent senders, each waiting for its ACK before sending the next message.")
    var senders: Int = 8

    @Option(help: "Messages in all, per mode.")
    var messages: Int = 16_000

    @Option(help: "Python with the `hl7` package for the peer (default: .venv/bin/python, else python3).")
    var python: String?

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
    }

    func run() async throws {
        LogSetup.bootstrapOnce(defaultLevel: .warning)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carequeue-bench-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
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
        if let visible = full.lastTaskVisible {
            print(String(format: "  FULL: last ACK %.3f s after the first send, last task visible at %.3f s; derivation backlog 0 (derivation is synchronous today)",
                         full.lastACK, visible))
        } else {
            print(String(format: "  FULL: last ACK %.3f s after the first send; the last task was NOT visible within 60 s", full.lastACK))
        }
        try printBaselines(off: off, full: full, folder: folder)
        let target = senders == 1 ? 1_500.0 : 10_000.0
        print(String(format: "  DESIGN target for %d sender%@ (FULL) ≥ %.0f msg/s: %@ (%.2f× the target)", senders,
                     senders == 1 ? "" : "s", target, full.rate >= target ? "met" : "not met", full.rate / target))
        await printPeer(full: full, folder: folder)
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

    private func measure(label: String, synchronous: CareQueueConfig.Synchronous?, database path: String) async throws -> Run {
        var config = CareQueueConfig()
        config.listener.port = 0
        config.listener.host = "127.0.0.1"
        config.store.synchronous = synchronous ?? .normal
        let service = try ListenerService(config: config, databasePath: path, persistence: synchronous == nil ? .off : .durable)
        let address = try await service.start()
        let port = Int(address.split(separator: ":").last!)!
        // Opened before the first send: the reader a dashboard would be.
        let reader = synchronous == nil ? nil : try RawSQLite(path: path, readOnly: true)
        let perSender = messages / senders
        let outcome = try await BenchSenders.drive(port: port, senders: senders, perSender: perSender, corpus: .fresh())
        let visible = try await reader?.waitForRows(in: "tasks", reaching: perSender * senders, within: .seconds(60))
        let statistics = service.writer.statistics
        await service.stop()
        let sorted = outcome.latencies.sorted()
        return Run(label: label, rate: outcome.rate, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
                   mean: sorted.reduce(0, +) / Double(sorted.count),
                   commits: statistics.commits,
                   perCommit: Double(statistics.itemsCommitted) / Double(max(statistics.commits, 1)),
                   largestGroup: statistics.largestGroup, lastACK: outcome.seconds,
                   lastTaskVisible: visible.map { ($0 - outcome.started).milliseconds / 1000 })
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
