import CareQueueCore
import Foundation
import Testing

@Suite("The audit key file")
struct AuditKeyFileTests {
    @Test("at least 32 bytes are the key", arguments: [32, 64])
    func accepted(size: Int) throws {
        let bytes = [UInt8]((0..<size).map { UInt8($0) })
        #expect(try AuditKeyFile.key(bytes, path: "/k") == bytes)
    }

    @Test("fewer than 32 bytes are refused with how to make a key")
    func short() {
        #expect(throws: AuditKeyFileError("audit key file /etc/cq/key holds 31 bytes; it needs at least 32 random bytes "
            + "(e.g. `head -c 32 /dev/urandom > /etc/cq/key`)")) {
            try AuditKeyFile.key([UInt8](repeating: 1, count: 31), path: "/etc/cq/key")
        }
    }

    @Test("key fingerprints tell keys apart and reveal nothing for the plain chain")
    func keyCheck() {
        let a = AuditChain(key: [UInt8](repeating: 1, count: 32))
        let b = AuditChain(key: [UInt8](repeating: 2, count: 32))
        #expect(a.keyCheck != nil)
        #expect(a.keyCheck != b.keyCheck)
        #expect(AuditChain(key: nil).keyCheck == nil)
    }

    @Test("one row at a time: a wrong previous hash or content is explained")
    func rowProblems() {
        let chain = AuditChain(key: nil)
        let entry = AuditEntry(seq: 1, at: Date(timeIntervalSince1970: 0), user: "u", action: "a", taskID: nil, details: "{}")
        let hash = chain.hash(entry, previous: AuditChain.genesis)
        #expect(chain.problem(entry, previous: AuditChain.genesis, hash: hash, expectedPrevious: AuditChain.genesis) == nil)
        #expect(chain.problem(entry, previous: AuditChain.genesis, hash: hash, expectedPrevious: hash)?
            .hasPrefix("its previous-hash does not match") == true)
        var edited = entry
        edited.user = "v"
        #expect(chain.problem(edited, previous: AuditChain.genesis, hash: hash, expectedPrevious: AuditChain.genesis)?
            .hasPrefix("its content does not match its hash") == true)
    }
}
