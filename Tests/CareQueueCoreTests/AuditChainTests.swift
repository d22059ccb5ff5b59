import CareQueueCore
import Foundation
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
    static func rows(_ chain: AuditChain, count: Int) -> [(entry: AuditEntry, previous: String, hash: String)] {
        var previous = AuditChain.genesis
        return (1...count).map { seq in
            let entry = AuditEntry(seq: Int64(seq), at: Date(timeIntervalSince1970: 1_790_000_000 + Double(seq)),
                                   user: "sam", action: "ack", taskID: Int64(seq), details: "row \(seq)")
            let hash = chain.hash(entry, previous: previous)
            defer { previous = hash }
            return (entry, previous, hash)
        }
    }

    @Test("an untouched chain verifies")
    func verifies() {
        let chain = AuditChain(key: nil)
        #expect(chain.firstBroken(Self.rows(chain, count: 5)) == nil)
    }

    @Test("an edited row is named")
    func edited() {
        let chain = AuditChain(key: nil)
        var rows = Self.rows(chain, count: 5)
        rows[2].entry.details = "tampered"
        #expect(chain.firstBroken(rows)?.seq == 3)
    }

    @Test("a removed row is named by the row after it")
    func removed() {
        let chain = AuditChain(key: nil)
        var rows = Self.rows(chain, count: 5)
        rows.remove(at: 1)
        #expect(chain.firstBroken(rows)?.seq == 3)
    }

    @Test("with a key, a recomputed plain chain fails at the first row")
    func keyed() {
        let keyed = AuditChain(key: Array(repeating: 7, count: 32))
        let forged = Self.rows(AuditChain(key: nil), count: 3)
        #expect(keyed.firstBroken(forged)?.seq == 1)
        #expect(keyed.firstBroken(Self.rows(keyed, count: 3)) == nil)
    }

    @Test("field boundaries are unambiguous")
    func canonical() {
        let chain = AuditChain(key: nil)
        let at = Date(timeIntervalSince1970: 0)
        let a = AuditEntry(seq: 1, at: at, user: "ab", action: "c", taskID: nil, details: "")
        let b = AuditEntry(seq: 1, at: at, user: "a", action: "bc", taskID: nil, details: "")
        #expect(chain.hash(a, previous: AuditChain.genesis) != chain.hash(b, previous: AuditChain.genesis))
    }
}
