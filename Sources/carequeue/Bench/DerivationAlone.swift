import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import Glibc

/// The writer's derivation rate with nothing else running: N acknowledged messages are put in a new
/// store as a crash after their ACKs would leave them (stored, not derived), then one writer derives
/// them all. Its CPU per message is what caps the sustained rate, whatever the senders do.
enum DerivationAlone {
    struct Result {
        var messages: Int
        var seconds: Double
        var cpuSeconds: Double
        var rate: Double { Double(messages) / max(seconds, 1e-9) }
        var cpuMicrosecondsPerMessage: Double { cpuSeconds / Double(max(messages, 1)) * 1e6 }
    }

    static func measure(messages: Int, in folder: URL) throws -> Result {
        let path = folder.appendingPathComponent("derivation-alone.sqlite").path
        // Creates the schema; the rows below go in behind the store's back, as the ACK transactions wrote them.
        _ = try CareQueueDatabase(path: path)
        let corpus = BenchMessages.fresh()
        let raw = try RawSQLite(path: path)
        try raw.execute("BEGIN")
        let insert = try raw.prepare("""
            INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw, ack_code)
            VALUES (?, '127.0.0.1', 'BENCHLAB^2.16.840.1.113883.19.4.6^ISO', 'BENCH HOSPITAL', ?, '2.5.1', ?, 'AA')
            """)
        let now = Timestamp.iso(Date())
        for index in 0..<messages {
            try insert.run([.text(now), .text(corpus.controlID(sender: 0, index: index)),
                            .blob(corpus.message(sender: 0, index: index))])
        }
        try raw.execute("COMMIT")

        let database = try CareQueueDatabase(path: path)
        let cpuBefore = processCPUSeconds()
        let started = ContinuousClock.now
        let writer = StoreWriter(database: database)
        writer.drain()
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        let cpu = processCPUSeconds() - cpuBefore
        writer.close()
        let derived = try raw.prepare("SELECT count(*) FROM tasks").run() ?? 0
        guard derived == Int64(messages) else {
            throw CommandFailure("derivation alone: \(derived) of \(messages) stored messages became tasks")
        }
        return Result(messages: messages, seconds: seconds, cpuSeconds: cpu)
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
