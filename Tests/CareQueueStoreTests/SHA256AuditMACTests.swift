import CareQueueCore
import CareQueueStore
import Foundation
import Testing

/// The real codes behind the audit chain: published vectors, and chain hashes pinned so existing
/// databases keep verifying.
@Suite("The audit chain's SHA-256 and HMAC-SHA-256")
struct SHA256AuditMACTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("HMAC-SHA-256 matches RFC 4231 test cases 1 and 2")
    func rfc4231() {
        let one = SHA256AuditMAC(key: [UInt8](repeating: 0x0b, count: 20)).code(for: Array("Hi There".utf8))
        #expect(Self.hex(one) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let two = SHA256AuditMAC(key: Array("Jefe".utf8)).code(for: Array("what do ya want for nothing?".utf8))
        #expect(Self.hex(two) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("without a key it is SHA-256 (FIPS 180-2 \"abc\")")
    func sha256() {
        let mac = SHA256AuditMAC(key: nil)
        #expect(!mac.isKeyed)
        #expect(Self.hex(mac.code(for: Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("hashes match SHA-256 and HMAC-SHA-256 of the length-prefixed fields computed elsewhere (Python hashlib)")
    func knownAnswers() {
        let entry = AuditEntry(seq: 1, at: Date(timeIntervalSince1970: 0), user: "u", action: "a", taskID: nil, details: "{}")
        #expect(AuditChain(key: nil).hash(entry, previous: AuditChain.genesis)
            == "51c8a49cd8b0b60c3c40613ad6429a3dfc492a3107f5978f31d4e34e0b340cd5")
        #expect(AuditChain(key: [UInt8](repeating: 7, count: 32)).hash(entry, previous: AuditChain.genesis)
            == "2dd22c2769a1a58c0965fc5cca850d242923a621ed812c26ffe3a89858b71cc3")
    }

    @Test("a row's operating-system account is an eighth length-prefixed field; without one the row hashes as before")
    func knownAnswersWithAccount() {
        let entry = AuditEntry(seq: 1, at: Date(timeIntervalSince1970: 0), user: "u", action: "a", taskID: nil, details: "{}",
                               osUser: "kim")
        #expect(AuditChain(key: nil).hash(entry, previous: AuditChain.genesis)
            == "63bdfd79f2427a852fb2bf4cf572dc0d5a55256572e55c3bf8c69a4f636e1f27")
        #expect(AuditChain(key: [UInt8](repeating: 7, count: 32)).hash(entry, previous: AuditChain.genesis)
            == "a95008c3fdec6e2412a7b5b43e7d5654d3b960871f3531c67db455e237cdd84e")
        var cleared = entry
        cleared.osUser = nil
        #expect(AuditChain(key: nil).hash(cleared, previous: AuditChain.genesis)
            == "51c8a49cd8b0b60c3c40613ad6429a3dfc492a3107f5978f31d4e34e0b340cd5")
    }
}
