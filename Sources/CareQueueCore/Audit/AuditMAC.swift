/// The code the audit chain is built from: HMAC-SHA-256 under a key, plain SHA-256 without one.
///
/// Core only chains and compares codes; the edge that links a crypto library supplies them, so
/// the domain stays free of it.
public protocol AuditMAC: Sendable {
    /// True when a secret key goes into every code (HMAC), false for a plain hash.
    var isKeyed: Bool { get }

    /// The 32-byte code of `message`.
    func code(for message: [UInt8]) -> [UInt8]
}
