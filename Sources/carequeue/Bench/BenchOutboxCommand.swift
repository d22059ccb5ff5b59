import ArgumentParser
import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import MLLP

/// `carequeue bench outbox`: write-back to one EHR — delivery throughput and the time from a
/// closure to its ACK — beside a bare MLLP client sending the same messages to the same receiver.
struct BenchOutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Outbound delivery: messages per second to one EHR and closure-to-ACK time, beside a bare MLLP client.")

    @Option(help: "Closures delivered for the throughput figure.")
    var messages: Int = 2_000

    @Option(help: "Closures timed one at a time for the closure-to-ACK figure.")
    var paced: Int = 40

    /// The undo window the paced closures are held for.
    static let pacedHold: TimeInterval = 2

    func validate() throws {
        guard messages >= 10, messages <= 1_000_000 else { throw ValidationError("--messages must be 10–1,000,000") }
        guard paced >= 1, paced <= 10_000 else { throw ValidationError("--paced must be 1–10,000") }
    }

    func run() async throws {
        try LogSetup.bootstrapOnce(CareQueueConfig.Log(), default: .warning)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("carequeue-bench-outbox-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bench.sqlite").path
        let ehr = try await AcknowledgingEHR()
        print("bench outbox: \(messages) closures to a loopback EHR answering AA, then \(paced) one at a time, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")

        let now = Date()
        try DashboardBenchStore.build(at: path, open: messages + paced, now: now)
        var config = CareQueueConfig()
        config.outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: ehr.port)
        let database = try CareQueueDatabase(path: path, access: .existing, config: config)
        database.holdOutbox(for: 0)
        let ids = try database.tasks(status: .open).map(\.id)
        let (bulk, pacedIDs) = (Array(ids.prefix(messages)), Array(ids.dropFirst(messages).prefix(paced)))

        // Closing writes the task, its audit row and its encoded message in one transaction.
        let closing = ContinuousClock.now
        for id in bulk {
            try database.perform(.close(.notNeeded, note: "bench closure"), onTask: id, by: "bench", at: Date())
        }
        let closeSeconds = (ContinuousClock.now - closing).milliseconds / 1000
        let stored = try database.outboxEntries(limit: messages).reversed().map(\.id)
        let payloads = try stored.map { try database.outboxEntry(id: $0)!.message }

        // Baseline: the same messages, one client, stop-and-wait, nothing recorded.
        let client = MLLPClient(host: "127.0.0.1", port: ehr.port)
        let baselineStart = ContinuousClock.now
        for payload in payloads { _ = try await client.send(Array(payload.utf8), timeout: .seconds(10)) }
        let baselineSeconds = (ContinuousClock.now - baselineStart).milliseconds / 1000
        var roundTrips: [Double] = []
        for payload in payloads.prefix(paced) {
            let start = ContinuousClock.now
            _ = try await client.send(Array(payload.utf8), timeout: .seconds(10))
            roundTrips.append((ContinuousClock.now - start).milliseconds)
        }
        await client.close()

        // The outbox: the worker sends every waiting row and records each ACK before the next.
        let worker = try OutboxWorker(database: database, settings: config.outbound!, clock: SystemTimeSource())
        let deliveryStart = ContinuousClock.now
        worker.start()
        while try database.outboxCount(status: .delivered) < messages {
            try await Task.sleep(for: .milliseconds(5))
        }
        let deliverySeconds = (ContinuousClock.now - deliveryStart).milliseconds / 1000

        // Closure to ACK recorded, one closure at a time with the worker idle between them, each
        // held for an undo window as a dashboard's closes are.
        database.holdOutbox(for: Self.pacedHold)
        var closureToAck: [Double] = []
        for id in pacedIDs {
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
            let start = ContinuousClock.now
            try database.perform(.close(.notNeeded, note: "bench closure"), onTask: id, by: "bench", at: Date())
            let target = try database.outboxCount(status: .delivered) + 1
            while try database.outboxCount(status: .delivered) < target {
                try await Task.sleep(for: .milliseconds(2))
            }
            closureToAck.append((ContinuousClock.now - start).milliseconds)
        }
        worker.stop()
        await ehr.close()

        let commitRate = try RawBaselines.sqliteOneRowPerTransaction(in: folder)
        let baselineRate = Double(messages) / baselineSeconds
        let deliveryRate = Double(messages) / deliverySeconds
        let trips = LatencySummary(roundTrips)
        let latency = LatencySummary(closureToAck)
        print(String(format: "  closing with the message written:  %.0f closures/s (%.2f ms each)",
                     Double(messages) / closeSeconds, closeSeconds * 1000 / Double(messages)))
        print(String(format: "  baseline, bare MLLP client:        %.0f msg/s, round trip p50 %.2f ms", baselineRate, trips.p50))
        print(String(format: "  baseline, durable SQLite commits:  %.0f /s (one row per transaction, this disk)", commitRate))
        print(String(format: "  outbox delivery:                   %.0f msg/s = %.2f× the bare client, %.2f× the commit rate "
                     + "(each message: one commit for its ACK and the next send)", deliveryRate, deliveryRate / baselineRate,
                     deliveryRate / commitRate))
        print(String(format: "  closure → ACK recorded, %.0f s undo window: p50 %.0f ms, p99 %.0f ms, max %.0f ms "
                     + "(a row leaves in the second after the window: the undo offer runs from the instant, the store keeps whole seconds)",
                     Self.pacedHold, latency.p50, latency.p99, latency.max))
    }
}
