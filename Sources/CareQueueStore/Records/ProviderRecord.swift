import CareQueueCore
import GRDB

/// One row of `providers`: the roster, keyed by NPI.
struct ProviderRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "providers"

    enum Columns {
        static let npi = Column("npi")
        static let name = Column("name")
        static let role = Column("role")
        static let supervisorNPI = Column("supervisor_npi")
        static let login = Column("login")
        static let coordinators = Column("coordinators")
        static let active = Column("active")
    }

    var npi: String
    var name: String
    var role: String
    var supervisorNPI: String?
    var login: String?
    /// Space-separated logins.
    var coordinators: String
    var active: Bool

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        npi = row[Columns.npi]
        name = row[Columns.name]
        role = row[Columns.role]
        supervisorNPI = row[Columns.supervisorNPI]
        login = row[Columns.login]
        coordinators = row[Columns.coordinators]
        active = row[Columns.active]
    }

    /// The roster entry; an unknown role (a hand edit) reads as a physician.
    var provider: Provider {
        Provider(npi: npi, name: name, role: ProviderRole(rawValue: role) ?? .physician, supervisorNPI: supervisorNPI,
                 login: login, coordinators: coordinators.split(separator: " ").map(String.init), active: active)
    }
}
