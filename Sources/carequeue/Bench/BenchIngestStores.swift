import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation

/// Which stores `bench ingest` measures.
enum BenchStore: String, ExpressibleByArgument, CaseIterable {
    case sqlite
    case postgres
}

/// `bench ingest --store postgres`: SQLite FULL and PostgreSQL beside one no-persistence baseline
/// each, for one sender and for `--senders`, in one run on this machine.
extension BenchIngestCommand {
    func compareStores(folder: URL) async throws {
        guard case .postgres(let server) = try common.storeLocation else {
            throw CommandFailure("--store postgres needs a PostgreSQL server: give --db postgresql://USER@HOST:PORT/DB (or $CAREQUEUE_DB, [store] url)")
        }
        let settings = try StoreAccess.postgresSettings(server, config: try common.loadConfiguration())
        print("bench ingest --store postgres: SQLite (synchronous=FULL, WAL) and PostgreSQL at \(server.redacted) "
              + "(synchronous_commit = on), \(messages) messages per run, each sender waiting for its ACK "
              + "(\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        for senderCount in Set([1, senders]).sorted() {
            var bench = self
            bench.senders = senderCount
            let off = try await bench.measure(label: "persistence off", synchronous: nil,
                                              database: folder.appendingPathComponent("off-\(senderCount).sqlite").path)
            let sqlite = try await bench.measure(label: "SQLite FULL", synchronous: .full,
                                                 database: folder.appendingPathComponent("full-\(senderCount).sqlite").path)
            let scratch = try PostgresScratchDatabase(named: "carequeue_bench_\(getpid())_\(senderCount)", beside: settings)
            let postgres: Run
            do {
                postgres = try await bench.measure(label: "PostgreSQL", synchronous: .full, database: "",
                                                   postgres: scratch.settings.location)
                try scratch.drop()
            } catch {
                try? scratch.drop()
                throw error
            }
            print("  \(senderCount) sender\(senderCount == 1 ? "" : "s"):")
            for run in [off, sqlite, postgres] {
                let ratio = run.label == off.label ? "baseline" : String(format: "%.2f× persistence off", run.rate / max(off.rate, 1))
                print("    " + run.label.padding(toLength: 16, withPad: " ", startingAt: 0)
                      + String(format: " %8.0f msg/s (%@)   ACK p50 %6.2f ms  p99 %6.2f ms", run.rate, ratio, run.p50, run.p99)
                      + (run.lastTaskVisible.map { String(format: "   last task visible %.3f s after the first send", $0) } ?? ""))
            }
            print(String(format: "    PostgreSQL / SQLite FULL: %.2f× the rate, %.2f× the p50 ACK latency",
                         postgres.rate / max(sqlite.rate, 1), postgres.p50 / max(sqlite.p50, 0.001)))
        }
    }

    /// When another connection first sees `expected` tasks: derivation's visibility, as a dashboard sees it.
    static func waitForTasks(in database: CareQueueDatabase, reaching expected: Int,
                             within limit: Duration) async throws -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try database.taskRowCount() >= expected { return ContinuousClock.now }
            try await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}
