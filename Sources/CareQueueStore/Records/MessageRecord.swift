import Foundation
import GRDB

/// One row of `messages` without its bytes: what was received from whom, and how it was answered.
///
/// `raw` is left out on purpose: listings never need it, and it is read on its own where a resend
/// is compared (`MessageRecord.Bytes`) or a message is exported.
struct MessageRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "messages"

    enum Columns {
        static let id = Column("id")
        static let receivedAt = Column("received_at")
        static let peer = Column("peer")
        static let sendingApplication = Column("sending_application")
        static let sendingFacility = Column("sending_facility")
        static let controlID = Column("control_id")
        static let version = Column("version")
        static let raw = Column("raw")
        static let ackCode = Column("ack_code")
        static let errorCode = Column("error_code")
        static let reason = Column("reason")
        static let location = Column("location")
        static let originalMessageID = Column("original_message_id")
        static let charsetWarning = Column("charset_warning")
        static let derivationError = Column("derivation_error")
        static let resolvedAt = Column("resolved_at")
        static let resolvedBy = Column("resolved_by")
        static let resolutionNote = Column("resolution_note")
        static let replayOf = Column("replay_of")
    }

    /// Every column but `raw`, for `SELECT \(MessageRecord.selection) FROM messages`.
    static let selection = """
        id, received_at, peer, sending_application, sending_facility, control_id, version, ack_code, error_code,
            reason, location, original_message_id, charset_warning, derivation_error,
            resolved_at, resolved_by, resolution_note, replay_of
        """

    var id: Int64
    var receivedAt: String
    var peer: String
    var sendingApplication: String?
    var sendingFacility: String?
    var controlID: String?
    var version: String?
    var ackCode: String
    var errorCode: Int?
    var reason: String?
    var location: String?
    var originalMessageID: Int64?
    var charsetWarning: String?
    /// Why an acknowledged message has no tasks (it is then on the review list).
    var derivationError: String?
    /// Taken off the open review list (`review resolve`, or `review replay` that stored it again).
    var resolvedAt: String?
    var resolvedBy: String?
    var resolutionNote: String?
    /// For a message `review replay` stored: the review-list message whose bytes it took in again.
    var replayOf: Int64?
    /// The message a replay stored from this one, when the query selects `replayed_as`.
    var replayedAs: Int64?
    /// When its review clock escalated it, when the query selects `escalated_at`.
    var escalatedAt: String?

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        receivedAt = row[Columns.receivedAt]
        peer = row[Columns.peer]
        sendingApplication = row[Columns.sendingApplication]
        sendingFacility = row[Columns.sendingFacility]
        controlID = row[Columns.controlID]
        version = row[Columns.version]
        ackCode = row[Columns.ackCode]
        errorCode = row[Columns.errorCode]
        reason = row[Columns.reason]
        location = row[Columns.location]
        originalMessageID = row[Columns.originalMessageID]
        charsetWarning = row[Columns.charsetWarning]
        derivationError = row[Columns.derivationError]
        resolvedAt = row[Columns.resolvedAt]
        resolvedBy = row[Columns.resolvedBy]
        resolutionNote = row[Columns.resolutionNote]
        replayOf = row[Columns.replayOf]
        replayedAs = row.hasColumn("replayed_as") ? row["replayed_as"] : nil
        escalatedAt = row.hasColumn("escalated_at") ? row["escalated_at"] : nil
    }

    /// A stored message's id and bytes, for comparing a resend with what was stored.
    struct Bytes: FetchableRecord {
        var id: Int64
        var raw: [UInt8]
        /// Set once retention purged `raw`: the digest to compare instead (`PurgedMessageDigest`).
        var purgedDigest: String?

        init(row: Row) throws { self.init(SQLRow(row)) }

        init(_ row: SQLRow) {
            id = row[Columns.id]
            raw = [UInt8](row[Columns.raw] as Data)
            purgedDigest = row.hasColumn("raw_digest") ? row["raw_digest"] : nil
        }
    }
}
