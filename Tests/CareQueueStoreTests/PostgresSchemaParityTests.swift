import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

/// The PostgreSQL baseline and the migrations after it against a fresh SQLite store, with no server:
/// a SQLite migration that adds a table, a column, an index or a trigger and forgets PostgreSQL fails here.
@Suite("PostgreSQL schema matches SQLite's")
struct PostgresSchemaParityTests {
    let sqlite: SQLiteCatalog
    /// A migration after the baseline that changes a table declares it again whole: the later
    /// declaration is the one read.
    let postgres = PostgresDDL(PostgresSchema.baseline + PostgresMigrations.after.map(\.script).joined())

    init() throws {
        let store = try TestStore(roster: [])
        sqlite = try store.database.pool.read(SQLiteCatalog.init)
    }

    @Test func baselineAndLaterMigrationsStandForEverySQLiteMigrationInOrder() {
        // `pg-` migrations are PostgreSQL's own (the change notifications, the checkpoints other
        // hosts adopt); every other one stands for SQLite's of the same name, in the same order.
        #expect(PostgresMigrations.identifiers.filter { !$0.hasPrefix("pg-") } == Schema.migrator.migrations)
        #expect(PostgresMigrations.identifiers.filter { $0.hasPrefix("pg-") }
            == [PostgresNotifyTriggers.migration.identifier, AuditSharedCheckpoints.migration.identifier])
        #expect(Array(Schema.migrator.migrations.prefix(PostgresSchema.baselineIdentifiers.count)) == PostgresSchema.baselineIdentifiers)
    }

    @Test func everyTableHasTheSameColumnsInTheSameOrder() throws {
        #expect(sqlite.tables.count >= 20)
        for table in sqlite.tables {
            let columns = try #require(postgres.tables[table.name], "no CREATE TABLE \(table.name) in the PostgreSQL baseline")
            if table.isVirtual {
                // FTS5's rowid is a column of its own (task_id) in PostgreSQL.
                #expect(Set(table.columns.map(\.name)).isSubset(of: columns.map(\.name)), "\(table.name)")
            } else {
                #expect(columns.map(\.name) == table.columns.map(\.name), "\(table.name)")
            }
        }
    }

    @Test func everyColumnHasTheMappedTypeNullabilityAndDefault() {
        for table in sqlite.tables {
            let columns = postgres.tables[table.name] ?? []
            for column in table.columns {
                guard let pg = columns.first(where: { $0.name == column.name }) else {
                    Issue.record("\(table.name).\(column.name) is missing from the PostgreSQL baseline")
                    continue
                }
                #expect(pg.type == PostgresDDL.type(forSQLite: column.type), "\(table.name).\(column.name): \(pg.type)")
                if table.isVirtual { continue } // FTS5 declares no constraints
                #expect(pg.notNull == column.notNull, "\(table.name).\(column.name) NOT NULL")
                #expect(pg.defaultValue == column.defaultValue, "\(table.name).\(column.name) DEFAULT")
            }
        }
    }

    @Test func everyIndexExistsWithTheSameUniqueness() {
        #expect(sqlite.indexes.count >= 35)
        for (name, unique) in sqlite.indexes {
            #expect(postgres.indexes[name] == unique, "index \(name): \(postgres.indexes[name].map { "unique \($0)" } ?? "missing")")
        }
    }

    @Test func everyTriggerExistsOnTheSameTableAndEvent() {
        #expect(sqlite.triggers.count >= 20)
        for (name, event) in sqlite.triggers {
            #expect(postgres.triggers[name] == event, "trigger \(name)")
        }
    }

    @Test func theParserReadsWhatItChecks() throws {
        // The checks above are only as good as the reading of the DDL: pin it on known columns.
        let audit = try #require(postgres.tables["audit"])
        #expect(audit.map(\.name) == ["seq", "at", "user", "action", "task_id", "details", "prev_hash", "hash", "os_user"])
        #expect(audit[0] == .init(name: "seq", type: "BIGINT", notNull: true, defaultValue: nil))
        let tasks = try #require(postgres.tables["tasks"])
        #expect(tasks.first { $0.name == "kind" } == .init(name: "kind", type: "TEXT", notNull: true, defaultValue: "'result'"))
        #expect(postgres.triggers["audit_no_delete"] == "BEFORE DELETE ON audit")
        #expect(postgres.indexes["messages_accepted_identity"] == true)
        #expect(sqlite.triggers["tasks_search_update"] == "AFTER UPDATE ON tasks")
        #expect(sqlite.tables.contains { $0.name == "task_search" && $0.isVirtual })
        #expect(!sqlite.tables.contains { $0.name.hasPrefix("task_search_data") || $0.name == "grdb_migrations" })
    }
}

/// A column as either store declares it.
struct DeclaredColumn: Equatable {
    var name: String
    var type: String
    var notNull: Bool
    var defaultValue: String?
}

/// A SQLite store's own tables (not GRDB's, SQLite's or FTS5's shadow tables), indexes and triggers.
struct SQLiteCatalog {
    struct Table {
        var name: String
        var isVirtual: Bool
        var columns: [DeclaredColumn]
    }

    var tables: [Table] = []
    /// Index name → unique; SQLite's automatic indexes (of UNIQUE and PRIMARY KEY) are left out.
    var indexes: [String: Bool] = [:]
    /// Trigger name → "BEFORE DELETE ON audit".
    var triggers: [String: String] = [:]

    init(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
        let virtual = Set(rows.filter { ($0["sql"] as String? ?? "").hasPrefix("CREATE VIRTUAL TABLE") }
            .map { $0["name"] as String })
        let shadows = Set(virtual.flatMap { name in ["data", "idx", "config", "content", "docsize"].map { "\(name)_\($0)" } })
        for row in rows {
            let name: String = row["name"], sql: String? = row["sql"]
            switch row["type"] as String {
            case "table" where !shadows.contains(name) && name != "grdb_migrations" && !name.hasPrefix("sqlite_"):
                let columns = try Row.fetchAll(db, sql: "SELECT * FROM pragma_table_info(?)", arguments: [name]).map { info in
                    DeclaredColumn(name: info["name"], type: (info["type"] as String).uppercased(),
                                   notNull: (info["notnull"] as Int) == 1 || (info["pk"] as Int) > 0,
                                   defaultValue: info["dflt_value"])
                }
                tables.append(Table(name: name, isVirtual: virtual.contains(name), columns: columns))
            case "index" where sql != nil:
                indexes[name] = sql!.hasPrefix("CREATE UNIQUE INDEX")
            case "trigger":
                triggers[name] = PostgresDDL.triggerEvent(sql ?? "")
            default:
                break
            }
        }
    }
}

/// The little of PostgreSQL DDL the parity checks read: `CREATE TABLE name (…)` blocks, index and
/// trigger names.
struct PostgresDDL {
    var tables: [String: [DeclaredColumn]] = [:]
    var indexes: [String: Bool] = [:]
    var triggers: [String: String] = [:]

    init(_ ddl: String) {
        for match in ddl.matches(of: /CREATE TABLE (\w+) \(/) {
            tables[String(match.1)] = Self.elements(in: ddl[match.range.upperBound...]).compactMap(Self.column)
        }
        for match in ddl.matches(of: /CREATE (UNIQUE )?INDEX (\w+)\s+ON/) {
            indexes[String(match.2)] = match.1 != nil
        }
        for match in ddl.matches(of: /CREATE TRIGGER (\w+)[^;]*;/) {
            triggers[String(match.1)] = Self.triggerEvent(String(match.0))
        }
    }

    /// The PostgreSQL type a SQLite declared type maps to (FTS5 columns have none: they hold text).
    static func type(forSQLite type: String) -> String {
        switch type {
        case "INTEGER": "BIGINT"
        case "BLOB": "BYTEA"
        case "REAL": "DOUBLE PRECISION"
        case "TEXT", "": "TEXT"
        default: "unmapped SQLite type \(type)"
        }
    }

    /// "BEFORE DELETE ON audit" from either store's CREATE TRIGGER (an `UPDATE OF …` column list left out).
    static func triggerEvent(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let match = flat.firstMatch(of: /CREATE TRIGGER \w+ (BEFORE|AFTER) (INSERT|UPDATE|DELETE|TRUNCATE)\b.*? ON (\w+)/)
        else { return "unreadable: \(flat.prefix(80))" }
        return "\(match.1) \(match.2) ON \(match.3)"
    }

    /// The comma-separated elements of the parenthesised list that starts at `text` (just past its "(").
    private static func elements(in text: Substring) -> [String] {
        var depth = 0, inQuote = false, current = "", result: [String] = []
        for character in text {
            if character == "'" { inQuote.toggle() }
            if !inQuote {
                if character == "(" { depth += 1 }
                if character == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                if character == ",", depth == 0 {
                    result.append(current)
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        return (result + [current]).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A column definition, or nil for a table constraint.
    private static func column(_ element: String) -> DeclaredColumn? {
        let words = element.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first, !["CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "CONSTRAINT", "EXCLUDE"].contains(first),
              words.count >= 2 else { return nil }
        let name = first.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let type = words[1] == "DOUBLE" ? "DOUBLE PRECISION" : words[1]
        // What precedes the column's CHECK, so `CHECK (x IS NOT NULL …)` is not read as NOT NULL.
        // An identity's "GENERATED BY DEFAULT" is no default value.
        let head = element.components(separatedBy: " CHECK ")[0].replacingOccurrences(of: "GENERATED BY DEFAULT", with: "")
        let defaultValue = head.firstMatch(of: /DEFAULT ('(?:[^']|'')*'|[^\s,]+)/).map { String($0.1) }
        return DeclaredColumn(name: name, type: type, notNull: head.contains("NOT NULL") || head.contains("PRIMARY KEY"),
                              defaultValue: defaultValue)
    }
}
