import CareQueueCore
import GRDB

/// One row of `coverage`: who covers whom when, and which boundaries the sweep has handled.
struct CoverageRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "coverage"

    enum Columns {
        static let id = Column("id")
        static let providerNPI = Column("provider_npi")
        static let coveringNPI = Column("covering_npi")
        static let startsAt = Column("starts_at")
        static let endsAt = Column("ends_at")
        static let startApplied = Column("start_applied")
        static let endApplied = Column("end_applied")
    }

    var id: Int64
    var providerNPI: String
    var coveringNPI: String
    var startsAt: String
    var endsAt: String
    var startApplied: Bool
    var endApplied: Bool

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        providerNPI = row[Columns.providerNPI]
        coveringNPI = row[Columns.coveringNPI]
        startsAt = row[Columns.startsAt]
        endsAt = row[Columns.endsAt]
        startApplied = row[Columns.startApplied]
        endApplied = row[Columns.endApplied]
    }

    /// The coverage period; nil when a stored instant is not in the stored form.
    var coverage: Coverage? {
        guard let starts = StoreTime.date(startsAt), let ends = StoreTime.date(endsAt) else { return nil }
        return Coverage(providerNPI: providerNPI, coveringNPI: coveringNPI, startsAt: starts, endsAt: ends)
    }
}
