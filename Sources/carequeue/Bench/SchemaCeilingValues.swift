import CareQueueCore
import Foundation

/// The values the store binds for one bench message (`BenchMessages`: a metabolic panel, 8 OBX, an
/// ordering NPI not on the roster), of the same kinds and sizes; the raw message is the real bytes.
struct CeilingValues {
    typealias Value = RawSQLite.Value

    let corpus: BenchMessages
    /// The group's commit time, one per transaction as in `GroupCommit`, and its text.
    private var now = Date()
    private var stamp = Date().formatted(.iso8601)
    private var auditSeq: Int64 = 0
    private var lastHash = String(repeating: "0", count: 64)

    init(corpus: BenchMessages) {
        self.corpus = corpus
    }

    static let application = "BENCHLAB"
    static let facility = "BENCH HOSPITAL"
    static let serviceCode = "24323-8"

    /// The panel as `BenchMessages` sends it (its potassium is HH in every 20th message).
    static let panel = BenchMessages.panel

    /// A new group: its time, and the audit chain's tail as read at BEGIN (`AuditTrail.init`).
    mutating func beginTransaction(auditTail: Int64) {
        auditSeq = auditTail
        now = Date()
        stamp = now.formatted(.iso8601)
    }

    private static func critical(_ index: Int) -> Bool { index % 20 == 0 }

    func identity(_ id: String) -> [Value] {
        [.text(Self.application), .text(Self.facility), .text(id)]
    }

    func message(_ index: Int, _ id: String) -> [Value] {
        [.text(stamp), .text("127.0.0.1:50000"), .text(Self.application), .text(Self.facility), .text(id), .text("2.5.1"),
         .blob(corpus.message(sender: 0, index: index)), .text("AA"), .null, .null, .null, .null, .null]
    }

    func taskKey(_ id: String, number prefix: String) -> [Value] {
        [.text(Self.application), .text(Self.facility), .text(prefix + id), .text(Self.serviceCode)]
    }

    func task(_ index: Int, _ id: String, messageID: Int64) -> [Value] {
        let critical = Self.critical(index)
        let due = now.addingTimeInterval(critical ? 3_600 : 3 * 86_400).formatted(.iso8601)
        return [
            .text(Self.application), .text(Self.facility), .text("PL" + id), .text("FL" + id), .text(Self.serviceCode),
            .text("Comprehensive metabolic panel"), .text("MRN0X\(index % 500)"), .text("Testperson"), .text("Alex"),
            .text("1970-01-01"), .text("(555)555-0100"), .text("1234567893"), .null, .null,
            .text("Unassigned: NPI 1234567893 in OBR-16 is not on the roster"),
            .text(critical ? "critical" : "routine"),
            .text(critical ? "Potassium 6.8 mmol/L flagged HH (critical)" : "no abnormal flags"), .null, .null,
            .text("F"), .text("open"), .text(stamp), .text(stamp), .text(due), .null, .int(0), .int(0), .int(0), .int(0),
            .null, .null, .null, .null, .text(id), .int(messageID), .text(stamp), .null,
            .text(SearchText.document(mrn: "MRN0X\(index % 500)", family: "Testperson", given: "Alex",
                                      test: "Comprehensive metabolic panel")),
            critical ? .int(1) : .null,
        ]
    }

    func observation(_ position: Int, _ index: Int, taskID: Int64, messageID: Int64) -> [Value] {
        let row = Self.panel[position]
        let (value, flag) = position == 1 && Self.critical(index) ? ("6.8", "HH") : (row.2, row.5)
        return [.int(taskID), .int(messageID), .int(Int64(position)), .text(row.0), .text(row.1), .text("NM"),
                .text(value), .text(row.3), .text(row.4), .text("[\"\(flag)\"]"), .text("F"), .text("[]"), .int(1), .null]
    }

    /// The `task.created` row. The hash is a stand-in of the same size (64 hex digits): SHA-256 is
    /// the store's CPU, not the schema's.
    mutating func audit(_ id: String, taskID: Int64, messageID: Int64) -> [Value] {
        auditSeq += 1
        let hex = String(UInt64(bitPattern: auditSeq) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
        let hash = String(repeating: hex.count.isMultiple(of: 2) ? "a" : "b", count: 64 - hex.count) + hex
        let details = "{\"control_id\":\"\(id)\",\"message_id\":\"\(messageID)\",\"result_status\":\"F\",\"urgency\":\"routine\"}"
        defer { lastHash = hash }
        return [.int(auditSeq), .text(stamp), .text("lab:\(Self.application) / \(Self.facility)"), .text("task.created"),
                .int(taskID), .text(details), .text("bench"), .text(lastHash), .text(hash)]
    }
}
