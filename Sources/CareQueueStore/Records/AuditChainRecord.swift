import CareQueueCore
import GRDB

/// The one `audit_chain` row: whether this database's chain is keyed, and the key's fingerprint.
struct AuditChainRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "audit_chain"

    enum Columns {
        static let id = Column("id")
        static let keyed = Column("keyed")
        static let keyCheck = Column("key_check")
    }

    var keyed: Bool
    var keyCheck: String?

    init(row: Row) throws { self.init(SQLRow(row)) }

    init(_ row: SQLRow) {
        keyed = row[Columns.keyed]
        keyCheck = row[Columns.keyCheck]
    }

    /// The stored record, or nil before the first chained row.
    static func read(_ connection: any SQLConnection) throws -> AuditChainRecord? {
        try connection.fetchOne("SELECT * FROM audit_chain WHERE id = 1").map(AuditChainRecord.init)
    }

    static func read(_ db: Database) throws -> AuditChainRecord? { try read(SQLiteConnection(db)) }

    static func insert(_ chain: AuditChain, _ connection: any SQLConnection) throws {
        try connection.execute("INSERT INTO audit_chain (id, keyed, key_check) VALUES (1, ?, ?)") {
            $0.add(chain.isKeyed)
            $0.add(chain.keyCheck)
        }
    }

    static func insert(_ chain: AuditChain, _ db: Database) throws { try insert(chain, SQLiteConnection(db)) }
}
