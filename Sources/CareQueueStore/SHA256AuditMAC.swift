import CareQueueCore
import Crypto

/// The audit chain's codes from swift-crypto: HMAC-SHA-256 under `key`, SHA-256 when it is nil.
public struct SHA256AuditMAC: AuditMAC {
    // Raw bytes rather than SymmetricKey, which is not Sendable.
    private let key: [UInt8]?

    public init(key: [UInt8]?) {
        self.key = key
    }

    public var isKeyed: Bool { key != nil }

    public func code(for message: [UInt8]) -> [UInt8] {
        if let key {
            return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        }
        return Array(SHA256.hash(data: message))
    }
}

extension AuditChain {
    /// The chain keyed with `key` (HMAC-SHA-256), or the plain SHA-256 chain when it is nil.
    public init(key: [UInt8]?) {
        self.init(mac: SHA256AuditMAC(key: key))
    }
}
