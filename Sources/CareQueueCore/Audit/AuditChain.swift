import Foundation

/// One audit row's content, as hashed into the chain.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    public var at: Date
    /// The label the person gave (`--user`).
    public var user: String
    public var action: String
    public var taskID: Int64?
    public var details: String
    /// The operating-system account of the writing process; nil on rows written before it was kept.
    public var osUser: String?

    public init(seq: Int64, at: Date, user: String, action: String, taskID: Int64?, details: String,
                osUser: String? = nil) {
        self.seq = seq
        self.at = at
        self.user = user
        self.action = action
        self.taskID = taskID
        self.details = details
        self.osUser = osUser
    }
}

/// The audit trail's hash chain: each row's hash covers the previous row's hash and its own content.
///
/// With a key (`[audit] key_file`) the chain is HMAC-SHA-256, so someone who can write the database
/// but not read the key cannot forge a valid chain; without one it is plain SHA-256, which detects
/// edits but not a recomputed chain. `mac` computes either (see `AuditMAC`).
public struct AuditChain: Sendable {
    /// The previous-hash of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    private let mac: any AuditMAC

    public init(mac: any AuditMAC) {
        self.mac = mac
    }

    public var isKeyed: Bool { mac.isKeyed }

    /// Hex hash of `entry` chained onto `previous`.
    public func hash(_ entry: AuditEntry, previous: String) -> String {
        Self.hex(mac.code(for: Self.canonicalBytes(entry, previous: previous)))
    }

    /// The first row whose stored hash does not match, or nil when the whole chain verifies.
    public func firstBroken(_ rows: [(entry: AuditEntry, previous: String, hash: String)]) -> (seq: Int64, why: String)? {
        var expectedPrevious = Self.genesis
        for row in rows {
            if let why = problem(row.entry, previous: row.previous, hash: row.hash, expectedPrevious: expectedPrevious) {
                return (row.entry.seq, why)
            }
            expectedPrevious = row.hash
        }
        return nil
    }

    /// Why one row breaks the chain, given the hash of the row before it; nil when it verifies.
    ///
    /// Lets a verifier stream rows instead of holding the whole trail in memory.
    public func problem(_ entry: AuditEntry, previous: String, hash stored: String, expectedPrevious: String) -> String? {
        if previous != expectedPrevious {
            return "its previous-hash does not match the row before it (a row was removed or reordered)"
        }
        if hash(entry, previous: previous) != stored {
            return "its content does not match its hash (edited, or hashed with another key)"
        }
        return nil
    }

    /// A fingerprint of the key (an HMAC of a fixed text), so a store can tell a wrong key from
    /// tampering without holding the key; nil for an unkeyed chain.
    public var keyCheck: String? {
        guard isKeyed else { return nil }
        return Self.hex(mac.code(for: Array("carequeue audit key check v1".utf8)))
    }

    /// The MAC of one anchor record (see `AuditAnchorRecord`), chained on the previous record's MAC.
    ///
    /// A fixed first field keeps anchor MACs and row hashes from ever being mistaken for each other.
    public func anchorMAC(number: Int64, kind: String, seq: Int64, hash: String, at: String, previous: String) -> String {
        let message = Self.lengthPrefixed(["carequeue audit anchor v1", previous, String(number), kind, String(seq), hash, at])
        return Self.hex(mac.code(for: message))
    }

    /// True for 64 lowercase hex digits, the form of every hash and MAC here.
    public static func isHash<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// Length-prefixed fields, so no two different rows serialise to the same bytes.
    ///
    /// The account is an eighth field only when present: rows written before it was kept hash
    /// exactly as they always did, and clearing a newer row's account changes its hash.
    static func canonicalBytes(_ entry: AuditEntry, previous: String) -> [UInt8] {
        var fields = [previous, String(entry.seq), Timestamp.iso(entry.at), entry.user, entry.action,
                      entry.taskID.map(String.init) ?? "", entry.details]
        if let osUser = entry.osUser { fields.append(osUser) }
        return lengthPrefixed(fields)
    }

    private static func lengthPrefixed(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 6 })
        for field in fields {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(58)  // ':'
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    // Every audit row of every ingest passes here: a table lookup, not String(format:) per byte.
    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
