import CareQueueCore
import Foundation
import Testing

@Suite("Audit anchor records and logs")
struct AuditAnchorLogTests {
    static let chain = AuditChain(key: [UInt8](repeating: 3, count: 32))
    static let at = Date(timeIntervalSince1970: 1_790_000_000)
    static let hashes = (0..<4).map { String(repeating: String($0), count: 64) }

    /// Heads at rows 10, 20, 30 and a checkpoint at row 5.
    static func records(chain: AuditChain = chain) -> [AuditAnchorRecord] {
        var records: [AuditAnchorRecord] = []
        for (kind, seq, hash) in [(AuditAnchorRecord.Kind.head, Int64(10), hashes[0]), (.head, 20, hashes[1]),
                                  (.checkpoint, 5, hashes[2]), (.head, 30, hashes[3])] {
            records.append(.next(after: records.last, kind: kind, seq: seq, hash: hash, at: at, chain: chain))
        }
        return records
    }

    @Test("a record survives its line, and the log its text")
    func roundTrip() throws {
        let records = Self.records()
        for record in records { #expect(AuditAnchorRecord(line: Substring(record.line)) == record) }
        let text = records.map(\.line).joined(separator: "\n") + "\n"
        let log = try AuditAnchorLog.parse(text).get()
        #expect(log.records == records)
        #expect(log.latestHead?.seq == 30)
        #expect(log.latestCheckpoint?.seq == 5)
        #expect(log.problem(chain: Self.chain) == nil)
    }

    @Test("a last line without its newline (a crash mid-write) is left out; any other bad line is an error")
    func tornAndBadLines() throws {
        let lines = Self.records().map(\.line)
        let torn = lines.prefix(2).joined(separator: "\n") + "\n" + lines[2].prefix(20)
        #expect(try AuditAnchorLog.parse(torn).get().records.count == 2)
        let bad = lines[0] + "\nnot a record\n" + lines[1] + "\n"
        #expect(throws: AuditAnchorLogError("line 2 is not an anchor record")) { try AuditAnchorLog.parse(bad).get() }
        #expect(try AuditAnchorLog.parse("").get().records.isEmpty)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable ([AuditAnchorRecord]) -> [AuditAnchorRecord]
        var problem: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a row number edited", change: { records in
            var records = records
            records[1].seq = 15
            return records
        }, problem: "record 2 does not match its MAC (edited, or made with another key)"),
        Case(name: "a record removed from the middle", change: { records in
            [records[0]] + records.dropFirst(2)
        }, problem: "record 3 follows record 1: records were removed or reordered"),
        Case(name: "the first record removed", change: { Array($0.dropFirst()) },
             problem: "record 2 follows record 0: records were removed or reordered"),
        Case(name: "made with another key", change: { _ in records(chain: AuditChain(key: [UInt8](repeating: 4, count: 32))) },
             problem: "record 1 does not match its MAC (edited, or made with another key)"),
        Case(name: "made without a key", change: { _ in records(chain: AuditChain(key: nil)) },
             problem: "record 1 does not match its MAC (edited, or made with another key)"),
        Case(name: "a head going backwards, properly MAC'd", change: { records in
            records + [.next(after: records.last, kind: .head, seq: 25, hash: hashes[0], at: at, chain: chain)]
        }, problem: "record 5 anchors row 25 after row 30 was anchored"),
    ]

    @Test("a log that cannot be trusted says why", arguments: cases)
    func problems(_ c: Case) {
        let log = AuditAnchorLog(records: c.change(Self.records()))
        #expect(log.problem(chain: Self.chain)?.description == c.problem)
    }

    @Test("an unkeyed log still checks its own chain")
    func unkeyed() {
        let plain = AuditChain(key: nil)
        #expect(AuditAnchorLog(records: Self.records(chain: plain)).problem(chain: plain) == nil)
    }
}
