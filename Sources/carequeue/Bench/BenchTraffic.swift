import CareQueueApp
import Foundation
import MLLP

/// Distinct ~1.4 KB ORU^R01 messages (a basic metabolic panel), unique control ids and filler numbers;
/// with `ordersFirst`, every other message is the ~0.4 KB ORM^O01 placing the order the next one
/// results (same MRN and placer number): a 50/50 order/result mix in which every order is matched.
///
/// The seed is part of every control id and filler number: a fresh seed per run means no message
/// repeats one an earlier run sent, so a peer keeping its database measures new messages, never
/// the duplicate path.
struct BenchMessages: Sendable {
    /// code, text, value, units, range, flag of the panel's 8 OBX (potassium HH in every 20th message).
    static let panel: [(String, String, String, String, String, String)] = [
        ("2951-2", "Sodium", "139", "mmol/L", "136-145", "N"),
        ("2823-3", "Potassium", "4.1", "mmol/L", "3.5-5.1", "N"),
        ("2075-0", "Chloride", "101", "mmol/L", "98-107", "N"),
        ("2028-9", "Carbon dioxide", "24", "mmol/L", "22-29", "N"),
        ("3094-0", "Urea nitrogen", "14", "mg/dL", "7-20", "N"),
        ("2160-0", "Creatinine", "0.9", "mg/dL", "0.6-1.2", "N"),
        ("2345-7", "Glucose", "92", "mg/dL", "70-99", "N"),
        ("17861-6", "Calcium", "9.4", "mg/dL", "8.6-10.3", "N"),
    ]

    let seed: UInt64
    var ordersFirst = false

    /// A random seed: the ids of this run.
    static func fresh(ordersFirst: Bool = false) -> BenchMessages {
        BenchMessages(seed: .random(in: 1...UInt64.max), ordersFirst: ordersFirst)
    }

    func controlID(sender: Int, index: Int) -> String {
        "B\(String(seed, radix: 36))S\(sender)N\(index)"
    }

    /// The tasks `messages` sent by one sender become: one per result.
    func tasks(ofMessages messages: Int) -> Int {
        ordersFirst ? messages / 2 : messages
    }

    /// Whether message `index` is an order rather than a result.
    func isOrder(_ index: Int) -> Bool { ordersFirst && index % 2 == 0 }

    func message(sender: Int, index: Int) -> [UInt8] {
        isOrder(index) ? order(sender: sender, index: index) : result(sender: sender, index: index)
    }

    /// The ORM^O01 placing the order of result `index + 1`; no ORC-9, so it is ordered when stored
    /// (an old order time would make it overdue before its result comes).
    private func order(sender: Int, index: Int) -> [UInt8] {
        let placer = "PL" + controlID(sender: sender, index: index + 1)
        var text = "MSH|^~\\&|BENCHEHR^2.16.840.1.113883.19.5^ISO|BENCH CLINIC|CAREQUEUE|CLINIC|20260301100000-0500||ORM^O01^ORM_O01|\(controlID(sender: sender, index: index))|P|2.4\r"
        text += "PID|1||MRN\(sender)X\((index + 1) % 500)^^^BENCH^MR||Testperson^Alex^Q||19700101|F\r"
        text += "ORC|NW|\(placer)||||||||||1234567893^Chen^Ada^^^^MD^^^^^^NPI\r"
        text += "OBR|1|\(placer)||24323-8^Comprehensive metabolic panel^LN||||||||||||1234567893^Chen^Ada^^^^MD^^^^^^NPI\r"
        return Array(text.utf8)
    }

    private func result(sender: Int, index: Int) -> [UInt8] {
        let id = controlID(sender: sender, index: index)
        let potassium = index % 20 == 0 ? ("6.8", "HH") : ("4.1", "N")
        var text = "MSH|^~\\&|BENCHLAB^2.16.840.1.113883.19.4.6^ISO|BENCH HOSPITAL|CAREQUEUE|CLINIC|20260301120000-0500||ORU^R01^ORU_R01|\(id)|P|2.5.1\r"
        text += "PID|1||MRN\(sender)X\(index % 500)^^^BENCH^MR||Testperson^Alex^Q||19700101|F|||1 Main St^^Springfield^IL^62701||(555)555-0100\r"
        text += "ORC|RE|PL\(id)|FL\(id)||CM||||20260301110000|||1234567893^Chen^Ada^^^^MD^^^^^^NPI\r"
        text += "OBR|1|PL\(id)|FL\(id)|24323-8^Comprehensive metabolic panel^LN|||20260301110000|||||||20260301111500||1234567893^Chen^Ada^^^^MD^^^^^^NPI||||||20260301115500|||F\r"
        let rows = Self.panel.map { row in
            row.0 == "2823-3" ? (row.0, row.1, potassium.0, row.3, row.4, potassium.1) : row
        }
        for (n, row) in rows.enumerated() {
            text += "OBX|\(n + 1)|NM|\(row.0)^\(row.1)^LN||\(row.2)|\(row.3)^^UCUM|\(row.4)|\(row.5)|||F|||20260301110000|||||20260301115000||||BENCH LAB^^^^^CLIA&2.16.840.1.113883.4.7&ISO^^^^05D0000000\r"
        }
        return Array(text.utf8)
    }
}

/// N stop-and-wait senders, each on its own connection waiting for the ACK before the next message:
/// the same code drives CareQueue's listener and the python peer.
enum BenchSenders {
    struct Outcome: Sendable {
        /// ACK latencies in milliseconds, one per message.
        var latencies: [Double]
        /// When the first message was sent.
        var started: ContinuousClock.Instant
        /// Seconds from the first send to the last ACK.
        var seconds: Double
        /// Each message's control id and when it was sent.
        var sends: [(controlID: String, at: ContinuousClock.Instant)] = []

        var rate: Double { Double(latencies.count) / seconds }
    }

    /// How much each sender sends: a count, or until a deadline; back to back, or one message per
    /// `interval` (never two at once: a late ACK delays the next send).
    struct Plan: Sendable {
        var perSender: Int = .max
        var until: ContinuousClock.Instant?
        var interval: Duration?
    }

    static func drive(port: Int, senders: Int, perSender: Int, corpus: BenchMessages) async throws -> Outcome {
        try await drive(port: port, senders: senders, corpus: corpus, plan: Plan(perSender: perSender))
    }

    static func drive(port: Int, senders: Int, corpus: BenchMessages, plan: Plan) async throws -> Outcome {
        let start = ContinuousClock.now
        let perSender = try await withThrowingTaskGroup(of: ([Double], [(String, ContinuousClock.Instant)]).self) { group in
            for sender in 0..<senders {
                group.addTask {
                    let client = MLLPClient(host: "127.0.0.1", port: port)
                    var samples: [Double] = []
                    var sends: [(String, ContinuousClock.Instant)] = []
                    // Paced senders start spread over one interval, not all at once.
                    var next = start + (plan.interval.map { $0 * Double(sender) / Double(senders) } ?? .zero)
                    var index = 0
                    while index < plan.perSender, plan.until.map({ ContinuousClock.now < $0 }) ?? true {
                        if let interval = plan.interval {
                            if next > ContinuousClock.now { try await Task.sleep(until: next, clock: .continuous) }
                            next += interval
                        }
                        let payload = corpus.message(sender: sender, index: index)
                        let sent = ContinuousClock.now
                        guard let ack = try await client.send(payload, timeout: .seconds(30)),
                              ack.count > 8 else { throw CommandFailure("no ACK within 30 s") }
                        samples.append((ContinuousClock.now - sent).milliseconds)
                        sends.append((corpus.controlID(sender: sender, index: index), sent))
                        index += 1
                    }
                    await client.close()
                    return (samples, sends)
                }
            }
            var all: [([Double], [(String, ContinuousClock.Instant)])] = []
            for try await result in group { all.append(result) }
            return all
        }
        return Outcome(latencies: perSender.flatMap(\.0), started: start,
                       seconds: (ContinuousClock.now - start).milliseconds / 1000,
                       sends: perSender.flatMap(\.1).map { (controlID: $0.0, at: $0.1) })
    }
}
