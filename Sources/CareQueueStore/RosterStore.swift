import CareQueueCore
import Foundation
import GRDB

/// What an import changed.
public struct ImportSummary: Sendable, Equatable {
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// Open tasks the new roster or coverage moved (only when the import was asked to re-route).
    public var rerouted: [TaskReroute]

    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, rerouted: [TaskReroute] = []) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.rerouted = rerouted
    }
}

extension CareQueueDatabase {
    /// Upserts providers by NPI in one transaction: all rows or none.
    ///
    /// With `settingLogins` false (a file without a `login` column) each provider keeps the login
    /// it has; otherwise each gets the one given, or none. `settingCoordinators` is the same for
    /// the `coordinators` column, and `settingActive` for the `active` one.
    ///
    /// With `rerouteAt`, open tasks are routed again as of that instant in the same transaction:
    /// a result that came before its provider was on the roster reaches their queue, and a retired
    /// person's tasks go to Unassigned (what `roster import` does).
    @discardableResult
    public func importRoster(_ providers: [Provider], settingLogins: Bool = true, settingCoordinators: Bool = true,
                             settingActive: Bool = true, rerouteAt: Date? = nil) throws -> ImportSummary {
        let rerouteAt = rerouteAt.map(StoreTime.truncated)
        return try writeAudited { db, audit in
            var existing = Dictionary(try RosterRows.providers(db).map { ($0.npi, $0) }, uniquingKeysWith: { $1 })
            let rows = providers.map { provider in
                var kept = provider
                if !settingLogins { kept.login = existing[provider.npi]?.login }
                if !settingCoordinators { kept.coordinators = existing[provider.npi]?.coordinators ?? [] }
                if !settingActive { kept.active = existing[provider.npi]?.active ?? true }
                return kept
            }
            // A login may pass from one person to another in one file: release every login that
            // changes first, so the unique index never sees one account on two rows.
            for provider in rows {
                if let stored = existing[provider.npi], stored.login != nil, stored.login != provider.login {
                    try db.execute("UPDATE providers SET login = NULL WHERE npi = ?") { $0.add(provider.npi) }
                }
            }
            var summary = ImportSummary()
            for provider in rows {
                switch existing[provider.npi] {
                case nil: summary.added += 1
                case provider?: summary.unchanged += 1; continue
                default: summary.updated += 1
                }
                existing[provider.npi] = provider
                try db.execute("""
                    INSERT INTO providers (npi, name, role, supervisor_npi, login, coordinators, active) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (npi) DO UPDATE SET name = excluded.name, role = excluded.role,
                        supervisor_npi = excluded.supervisor_npi, login = excluded.login,
                        coordinators = excluded.coordinators, active = excluded.active
                    """) {
                    $0.add(provider.npi)
                    $0.add(provider.name)
                    $0.add(provider.role.rawValue)
                    $0.add(provider.supervisorNPI)
                    $0.add(provider.login)
                    $0.add(provider.coordinators.joined(separator: " "))
                    $0.add(provider.active)
                }
            }
            if let rerouteAt {
                summary.rerouted = try TaskRerouting.rerouteOpen(at: rerouteAt, reason: "roster import", audit: audit, db)
            }
            return summary
        }
    }

    /// Adds coverage rows in one transaction; a row identical to a stored one is ignored.
    ///
    /// With `rerouteAt`, coverage already in force moves tasks at once (not at the next sweep) and
    /// open tasks are routed again as of that instant, in the same transaction (what
    /// `coverage import` does): a retired provider's Unassigned tasks reach whoever now covers them.
    @discardableResult
    public func importCoverage(_ rows: [Coverage], rerouteAt: Date? = nil) throws -> ImportSummary {
        let rerouteAt = rerouteAt.map(StoreTime.truncated)
        return try writeAudited { db, audit in
            var summary = ImportSummary()
            for row in rows {
                let added = try db.execute("""
                    INSERT INTO coverage (provider_npi, covering_npi, starts_at, ends_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (provider_npi, covering_npi, starts_at, ends_at) DO NOTHING
                    """) {
                    $0.add(row.providerNPI)
                    $0.add(row.coveringNPI)
                    $0.add(StoreTime.text(row.startsAt))
                    $0.add(StoreTime.text(row.endsAt))
                }
                if added > 0 { summary.added += 1 } else { summary.unchanged += 1 }
            }
            if let rerouteAt {
                summary.rerouted = try CoverageMoves.apply(at: rerouteAt, audit: audit, db)
                    + TaskRerouting.rerouteOpen(at: rerouteAt, reason: "coverage import", audit: audit, db)
            }
            return summary
        }
    }

    /// The roster, sorted by NPI.
    public func providers() throws -> [Provider] {
        try engine.read { db in try RosterRows.providers(db) }
    }

    /// All coverage rows, by provider and start.
    public func coverage() throws -> [Coverage] {
        try engine.read { db in try RosterRows.coverage(db) }
    }

    /// Providers and coverage together, as routing sees them.
    public func roster() throws -> Roster {
        try engine.read { db in try RosterRows.roster(db) }
    }
}

/// Reading roster tables into the core's types.
enum RosterRows {
    static func providers(_ db: any SQLConnection) throws -> [Provider] {
        try db.fetchAll("SELECT * FROM providers ORDER BY npi").map(ProviderRecord.init).map(\.provider)
    }

    static func providers(_ db: Database) throws -> [Provider] { try providers(SQLiteConnection(db)) }

    static func coverage(_ db: any SQLConnection) throws -> [Coverage] {
        try db.fetchAll("""
            SELECT * FROM coverage ORDER BY provider_npi, starts_at, id
            """).map(CoverageRecord.init).compactMap(\.coverage)
    }

    static func coverage(_ db: Database) throws -> [Coverage] { try coverage(SQLiteConnection(db)) }

    static func roster(_ db: any SQLConnection) throws -> Roster {
        Roster(providers: try providers(db), coverage: try coverage(db))
    }

    static func roster(_ db: Database) throws -> Roster { try roster(SQLiteConnection(db)) }

    /// The counter triggers bump whenever any process changes providers or coverage.
    static func version(_ db: any SQLConnection) throws -> Int64 {
        try db.value(Int64.self, "SELECT value FROM roster_version WHERE id = 1") ?? 0
    }
}

/// The writer's copy of the roster, re-read only when `roster_version` moved.
struct RosterCache {
    private var version: Int64 = -1
    private var cached = Roster()

    mutating func roster(_ db: any SQLConnection) throws -> Roster {
        let current = try RosterRows.version(db)
        if current != version {
            cached = try RosterRows.roster(db)
            version = current
        }
        return cached
    }
}
