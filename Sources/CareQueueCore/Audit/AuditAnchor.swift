import Foundation

/// One record of the audit anchor: the audit chain's head kept outside the rows it protects.
///
/// The rows of the audit table prove their own order and content (each hash covers the row before),
/// but not their number: deleting the newest rows leaves a shorter chain that still verifies. The
/// anchor closes that gap. It is an append-only log, each record MAC'd over the one before, naming
/// the newest row's sequence number and hash at the time. A chain shorter than its newest anchor,
/// or whose anchored row changed, is broken.
///
/// `checkpoint` records let a retention purge restart the chain: rows before `seq` may be gone,
/// and the first kept row must carry `hash` as its previous-hash.
public struct AuditAnchorRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// `seq` is the newest audit row when anchored, `hash` its hash.
        case head
        /// Rows before `seq` were purged on purpose; `hash` is the previous-hash row `seq` carries.
        case checkpoint
    }

    /// Position in the anchor log, from 1.
    public var number: Int64
    public var kind: Kind
    public var seq: Int64
    public var hash: String
    public var at: Date
    /// HMAC-SHA-256 (SHA-256 for an unkeyed chain) over the previous record's MAC and these fields.
    public var mac: String

    public init(number: Int64, kind: Kind, seq: Int64, hash: String, at: Date, mac: String) {
        self.number = number
        self.kind = kind
        self.seq = seq
        self.hash = hash
        self.at = at
        self.mac = mac
    }

    /// The record that follows `previous` in the log, MAC'd with `chain`'s key.
    public static func next(after previous: AuditAnchorRecord?, kind: Kind, seq: Int64, hash: String, at: Date,
                            chain: AuditChain) -> AuditAnchorRecord {
        let number = (previous?.number ?? 0) + 1
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        let mac = chain.anchorMAC(number: number, kind: kind.rawValue, seq: seq, hash: hash, at: Timestamp.iso(at),
                                  previous: previous?.mac ?? AuditChain.genesis)
        return AuditAnchorRecord(number: number, kind: kind, seq: seq, hash: hash, at: at, mac: mac)
    }

    /// The record as one line of the anchor log: `v1 NUMBER KIND SEQ HASH AT MAC`.
    public var line: String {
        "v1 \(number) \(kind.rawValue) \(seq) \(hash) \(Timestamp.iso(at)) \(mac)"
    }

    /// Reads one line written by `line`; nil when it is not one.
    public init?(line: Substring) {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "v1", let number = Int64(parts[1]), let kind = Kind(rawValue: String(parts[2])),
              let seq = Int64(parts[3]), let at = Timestamp.parse(String(parts[5])),
              AuditChain.isHash(parts[4]), AuditChain.isHash(parts[6])
        else { return nil }
        self.init(number: number, kind: kind, seq: seq, hash: String(parts[4]), at: at, mac: String(parts[6]))
    }
}

/// The anchor log as read back, checked record by record.
public struct AuditAnchorLog: Sendable, Equatable {
    public var records: [AuditAnchorRecord]

    public init(records: [AuditAnchorRecord] = []) {
        self.records = records
    }

    /// Reads the log's text. A last line without its newline is a write cut short by a crash and is
    /// left out; any other line that is not a record is an error naming it.
    public static func parse(_ text: String) -> Result<AuditAnchorLog, AuditAnchorLogError> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last, last.isEmpty { lines.removeLast() } else if !lines.isEmpty { lines.removeLast() }
        var records: [AuditAnchorRecord] = []
        for (index, line) in lines.enumerated() {
            guard let record = AuditAnchorRecord(line: line) else {
                return .failure(AuditAnchorLogError("line \(index + 1) is not an anchor record"))
            }
            records.append(record)
        }
        return .success(AuditAnchorLog(records: records))
    }

    /// The newest head record: what the chain must still reach.
    public var latestHead: AuditAnchorRecord? { records.last { $0.kind == .head } }

    /// The newest checkpoint: where a purged chain restarts.
    public var latestCheckpoint: AuditAnchorRecord? { records.last { $0.kind == .checkpoint } }

    /// Why the log cannot be trusted — a record edited, removed from the middle, reordered, made
    /// with another key, or a head that went backwards — or nil when every record holds.
    public func problem(chain: AuditChain) -> AuditAnchorLogError? {
        var tail = AuditAnchorTail()
        for record in records {
            if let problem = tail.accept(record, chain: chain) { return problem }
        }
        return nil
    }
}

/// What appending to an anchor log needs to know of it: its last record (the next MAC chains on
/// it), the newest head and the newest checkpoint. Kept in memory instead of the whole log.
public struct AuditAnchorTail: Sendable, Equatable {
    public var last: AuditAnchorRecord?
    public var latestHead: AuditAnchorRecord?
    public var latestCheckpoint: AuditAnchorRecord?

    public init() {}

    /// Takes the next record of the log after checking it follows this tail; returns why not.
    public mutating func accept(_ record: AuditAnchorRecord, chain: AuditChain) -> AuditAnchorLogError? {
        guard record.number == (last?.number ?? 0) + 1 else {
            return AuditAnchorLogError("record \(record.number) follows record \(last?.number ?? 0): records were removed or reordered")
        }
        let expected = AuditAnchorRecord.next(after: last, kind: record.kind, seq: record.seq, hash: record.hash,
                                              at: record.at, chain: chain)
        guard expected.mac == record.mac else {
            return AuditAnchorLogError("record \(record.number) does not match its MAC (edited, or made with another key)")
        }
        if record.kind == .head {
            if let head = latestHead, record.seq < head.seq {
                return AuditAnchorLogError("record \(record.number) anchors row \(record.seq) after row \(head.seq) was anchored")
            }
            latestHead = record
        } else {
            latestCheckpoint = record
        }
        last = record
        return nil
    }
}

/// Why an anchor log cannot be read or trusted.
public struct AuditAnchorLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where a store keeps its audit anchor. The SQLite store keeps it in a file beside the database,
/// with the database's permissions; a server database may keep it its own way, as long as records
/// are only ever appended.
public protocol AuditAnchorStore: Sendable {
    /// The whole log, oldest record first (empty when nothing was anchored yet).
    func log() throws -> AuditAnchorLog

    /// Under the store's lock (no other process appends meanwhile): reads the records added since
    /// the last call, checking each with `chain`, passes the tail to `next`, and durably appends the
    /// record it returns. Returns the record appended, or nil when `next` returned nil.
    func append(checkingWith chain: AuditChain,
                _ next: (AuditAnchorTail) throws -> AuditAnchorRecord?) throws -> AuditAnchorRecord?
}
