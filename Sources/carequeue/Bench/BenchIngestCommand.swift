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
        abstract: "Durable ingest rate and ACK latency: synchronous=FULL, NORMAL and persistence off, in one run.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Concurrent senders, each waiting for its ACK before sending the next message.")
    var senders: Int = 8

    @Option(help: "Messages in all, per mode.")
    var messages: Int = 16_000

    func validate() throws {
        guard senders >= 1, senders <= 256 else { throw ValidationError("--senders must be 1–256") }
        guard messages >= senders else { throw ValidationError("--messages must be at least --senders") }
    }

    struct Run {
        var label: String
        var rate: Double
        var p50: Double
        var p99: Double
        var commits = 0
        var perCommit = 0.0
        var largestGroup = 0
    }

    func run() async throws {
        LogSetup.bootstrapOnce(defaultLevel: .warning)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carequeue-bench-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("bench ingest: \(senders) sender\(senders == 1 ? "" : "s") × \(messages / senders) messages, each waiting for its ACK (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

        var runs: [Run] = []
        for (label, mode) in [("persistence off", nil), ("synchronous=NORMAL", CareQueueConfig.Synchronous.normal),
                              ("synchronous=FULL", CareQueueConfig.Synchronous.full)] as [(String, CareQueueConfig.Synchronous?)] {
            let run = try await measure(label: label, synchronous: mode, database: folder.appendingPathComponent("\(label.hashValue).sqlite").path)
            runs.append(run)
            let name = label.padding(toLength: 20, withPad: " ", startingAt: 0)
            print(name.indented + String(format: " %9.0f msg/s   ACK latency p50 %6.2f ms  p99 %6.2f ms", run.rate, run.p50, run.p99)
                  + (run.commits > 0 ? String(format: "   %.1f messages per commit (max %d)", run.perCommit, run.largestGroup) : ""))
        }
        let off = runs[0], full = runs[2]
        let fsyncRate = try RawBaselines.fsyncRate(in: folder)
        let sqliteRate = try RawBaselines.sqliteOneRowPerTransaction(in: folder)
        print(String(format: "  baselines: raw fsync %.0f/s; raw SQLite one row per transaction (FULL) %.0f/s", fsyncRate, sqliteRate))
        print(String(format: "  FULL is %.2f× persistence off, %.2f× raw one-row-per-transaction SQLite, %.2f× raw fsync",
                     full.rate / off.rate, full.rate / sqliteRate, full.rate / fsyncRate))
        let target = senders == 1 ? 1_500.0 : 10_000.0
        print(String(format: "  DESIGN target for %d sender%@ (FULL) ≥ %.0f msg/s: %@ (%.2f× the target)", senders,
                     senders == 1 ? "" : "s", target, full.rate >= target ? "met" : "not met", full.rate / target))
    }

    private func measure(label: String, synchronous: CareQueueConfig.Synchronous?, database path: String) async throws -> Run {
        var config = CareQueueConfig()
        config.listener.port = 0
        config.listener.host = "127.0.0.1"
        config.store.synchronous = synchronous ?? .normal
        let service = try ListenerService(config: config, databasePath: path, persistence: synchronous == nil ? .off : .durable)
        let address = try await service.start()
        let port = Int(address.split(separator: ":").last!)!
        let perSender = messages / senders
        let corpus = BenchMessages(seed: UInt64(abs(label.hashValue)))
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for sender in 0..<senders {
                group.addTask {
                    let client = MLLPClient(host: "127.0.0.1", port: port)
                    var samples: [Double] = []
                    samples.reserveCapacity(perSender)
                    for index in 0..<perSender {
                        let payload = corpus.message(sender: sender, index: index)
                        let sent = ContinuousClock.now
                        guard let ack = try await client.send(payload, timeout: .seconds(30)),
                              ack.count > 8 else { throw CommandFailure("no ACK within 30 s") }
                        samples.append((ContinuousClock.now - sent).milliseconds)
                    }
                    await client.close()
                    return samples
                }
            }
            var all: [Double] = []
            for try await samples in group { all += samples }
            return all
        }
        let elapsed = (ContinuousClock.now - start).milliseconds / 1000
        let statistics = service.writer.statistics
        await service.stop()
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return Run(label: label, rate: Double(latencies.count) / elapsed, p50: percentile(0.5), p99: percentile(0.99),
                   commits: statistics.commits,
                   perCommit: Double(statistics.itemsCommitted) / Double(max(statistics.commits, 1)),
                   largestGroup: statistics.largestGroup)
    }
}

private extension String {
    var indented: String { "  " + self }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// Distinct ~1.4 KB ORU^R01 messages (a basic metabolic panel), unique control ids and filler numbers.
struct BenchMessages: Sendable {
    let seed: UInt64

    func message(sender: Int, index: Int) -> [UInt8] {
        let id = "B\(seed % 100_000)S\(sender)N\(index)"
        let potassium = index % 20 == 0 ? ("6.8", "HH") : ("4.1", "N")
        var text = "MSH|^~\\&|BENCHLAB^2.16.840.1.113883.19.4.6^ISO|BENCH HOSPITAL|CAREQUEUE|CLINIC|20260301120000-0500||ORU^R01^ORU_R01|\(id)|P|2.5.1\r"
        text += "PID|1||MRN\(sender)X\(index % 500)^^^BENCH^MR||Testperson^Alex^Q||19700101|F|||1 Main St^^Springfield^IL^62701||(555)555-0100\r"
        text += "ORC|RE|PL\(id)|FL\(id)||CM||||20260301110000|||1234567893^Chen^Ada^^^^MD^^^^^^NPI\r"
        text += "OBR|1|PL\(id)|FL\(id)|24323-8^Comprehensive metabolic panel^LN|||20260301110000|||||||20260301111500||1234567893^Chen^Ada^^^^MD^^^^^^NPI||||||20260301115500|||F\r"
        let rows: [(String, String, String, String, String, String)] = [
            ("2951-2", "Sodium", "139", "mmol/L", "136-145", "N"),
            ("2823-3", "Potassium", potassium.0, "mmol/L", "3.5-5.1", potassium.1),
            ("2075-0", "Chloride", "101", "mmol/L", "98-107", "N"),
            ("2028-9", "Carbon dioxide", "24", "mmol/L", "22-29", "N"),
            ("3094-0", "Urea nitrogen", "14", "mg/dL", "7-20", "N"),
            ("2160-0", "Creatinine", "0.9", "mg/dL", "0.6-1.2", "N"),
            ("2345-7", "Glucose", "92", "mg/dL", "70-99", "N"),
            ("17861-6", "Calcium", "9.4", "mg/dL", "8.6-10.3", "N"),
        ]
        for (n, row) in rows.enumerated() {
            text += "OBX|\(n + 1)|NM|\(row.0)^\(row.1)^LN||\(row.2)|\(row.3)^^UCUM|\(row.4)|\(row.5)|||F|||20260301110000|||||20260301115000||||BENCH LAB^^^^^CLIA&2.16.840.1.113883.4.7&ISO^^^^05D0000000\r"
        }
        return Array(text.utf8)
    }
}

/// What the disk and SQLite alone do, measured in the same run.
enum RawBaselines {
    /// 4 KiB write + fsync per operation, for about a second.
    static func fsyncRate(in folder: URL) throws -> Double {
        let path = folder.appendingPathComponent("fsync.bin").path
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CommandFailure("cannot create \(path)") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x55, count: 4096)
        let start = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - start) < .seconds(1) {
            _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(count % 64 * 4096)) }
            fsync(fd)
            count += 1
        }
        return Double(count) / ((ContinuousClock.now - start).milliseconds / 1000)
    }

    /// One INSERT per transaction, WAL, synchronous=FULL, through the SQLite C API, for about a second.
    static func sqliteOneRowPerTransaction(in folder: URL) throws -> Double {
        let path = folder.appendingPathComponent("raw.sqlite").path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw CommandFailure("cannot open \(path)") }
        defer { sqlite3_close(db); unlink(path); unlink(path + "-wal"); unlink(path + "-shm") }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (zeroblob(1400))", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let start = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - start) < .seconds(1) {
            sqlite3_step(statement)
            sqlite3_reset(statement)
            count += 1
        }
        return Double(count) / ((ContinuousClock.now - start).milliseconds / 1000)
    }
}
