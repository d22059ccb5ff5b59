import CareQueueCore
import TestSupport

/// A stand-in for the store's SHA-256 and HMAC codes: 32 bytes, deterministic, different for every
/// key and message, and not cryptographic — the chain's logic is what these tests check.
struct TestAuditMAC: AuditMAC {
    var key: [UInt8]?

    var isKeyed: Bool { key != nil }

    func code(for message: [UInt8]) -> [UInt8] {
        (0..<4).flatMap { lane -> [UInt8] in
            var hash = FNV1a(offset: 0xcbf2_9ce4_8422_2325 &+ UInt64(lane))
            // The marker keeps "no key" apart from an empty key.
            hash.add(key.map { [1] + $0 } ?? [0])
            hash.add(message)
            return (0..<8).map { UInt8(truncatingIfNeeded: hash.value >> (8 * $0)) }
        }
    }
}

extension AuditChain {
    /// The chain as the store would build it, with the test double for its codes.
    init(key: [UInt8]?) {
        self.init(mac: TestAuditMAC(key: key))
    }
}
