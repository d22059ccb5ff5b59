import Foundation

/// Where the audit chain must begin, given its first stored row and the anchor's checkpoints.
public enum AuditChainStart: Sendable, Equatable {
    /// Nothing was purged before the first row: it chains from `AuditChain.genesis`.
    case genesis
    /// A retention purge restarted the chain at the first row: it carries `checkpoint.hash`.
    case checkpoint(AuditAnchorRecord)
    /// Rows `from` through `through` are gone, though the newest checkpoint below the first row
    /// only allowed rows before `from` to go.
    case missing(from: Int64, through: Int64)
}

extension AuditAnchorLog {
    /// How a chain whose first stored row is `firstSeq` must begin.
    ///
    /// A checkpoint is written BEFORE its purge commits (see `pruneAudit`), so a checkpoint above
    /// the first row is a purge that never committed: the rows it would have removed are still
    /// there, and the chain begins where an earlier checkpoint (or the genesis) says.
    public func start(firstSeq: Int64) -> AuditChainStart {
        let checkpoints = records.filter { $0.kind == .checkpoint }
        if let exact = checkpoints.last(where: { $0.seq == firstSeq }) { return .checkpoint(exact) }
        if let below = checkpoints.filter({ $0.seq < firstSeq }).max(by: { $0.seq < $1.seq }) {
            return .missing(from: below.seq, through: firstSeq - 1)
        }
        return .genesis
    }
}
