import Foundation

/// A retention checkpoint kept in a database several hosts share (PostgreSQL's `audit_checkpoints`).
///
/// Each host keeps its own anchor log. A prune on one host writes its checkpoint there and here,
/// in the transaction that deletes the rows; the other hosts adopt it into their own logs (see
/// `AuditAnchorLog.start`) once it proves itself: MAC'd with the audit key, so nobody without the
/// key can bless a deletion. An unkeyed chain's checkpoint carries a plain SHA-256, which anyone
/// who can write the database can compute: there the database's own privileges are the guard.
public struct AuditSharedCheckpoint: Sendable, Equatable {
    /// The first row kept.
    public var seq: Int64
    /// The previous-hash that row carries.
    public var hash: String
    public var at: Date
    public var mac: String

    public init(seq: Int64, hash: String, at: Date, mac: String) {
        self.seq = seq
        self.hash = hash
        self.at = at
        self.mac = mac
    }

    /// The checkpoint for a purge that keeps rows from `seq` on, MAC'd with `chain`'s key.
    public static func make(seq: Int64, hash: String, at: Date, chain: AuditChain) -> AuditSharedCheckpoint {
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        return AuditSharedCheckpoint(seq: seq, hash: hash, at: at, mac: mac(seq: seq, hash: hash, at: at, chain: chain))
    }

    /// True when the MAC is `chain`'s over these fields (no field edited, the key the same).
    public func isAuthentic(chain: AuditChain) -> Bool {
        AuditChain.isHash(hash) && Self.mac(seq: seq, hash: hash, at: at, chain: chain) == mac
    }

    /// Its own kind and no previous record: a shared checkpoint can never pass for an anchor record.
    private static func mac(seq: Int64, hash: String, at: Date, chain: AuditChain) -> String {
        chain.anchorMAC(number: 0, kind: "shared-checkpoint", seq: seq, hash: hash, at: Timestamp.iso(at),
                        previous: AuditChain.genesis)
    }
}
