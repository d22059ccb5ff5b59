import GRDB

/// A row of `listener_heartbeat`: one per listener host.
struct HeartbeatRecord {
    enum Columns {
        static let host = Column("host")
        static let address = Column("address")
        static let pid = Column("pid")
        static let startedAt = Column("started_at")
        static let beatAt = Column("beat_at")
        static let messagesToday = Column("messages_today")
        static let lastMessageAt = Column("last_message_at")
        static let stoppedAt = Column("stopped_at")
    }

    var host: String
    var address: String
    var pid: Int32
    var startedAt: String
    var beatAt: String
    var messagesToday: Int
    var lastMessageAt: String?
    var stoppedAt: String?

    init(_ row: SQLRow) throws {
        host = row[Columns.host]
        address = row[Columns.address]
        pid = row[Columns.pid]
        startedAt = row[Columns.startedAt]
        beatAt = row[Columns.beatAt]
        messagesToday = row[Columns.messagesToday]
        lastMessageAt = row[Columns.lastMessageAt]
        stoppedAt = row[Columns.stoppedAt]
    }
}
