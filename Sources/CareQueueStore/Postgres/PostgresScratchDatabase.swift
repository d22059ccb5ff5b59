import CareQueueCore
import Foundation

/// A throw-away database on a PostgreSQL server, for `bench ingest --store postgres`: made empty
/// beside the database `settings` names (whose role must be allowed to CREATE DATABASE), dropped after.
public struct PostgresScratchDatabase: Sendable {
    /// Where the scratch database is: the server's location with its own database name.
    public let settings: PostgresSettings
    private let server: PostgresSettings

    /// Creates `name` (letters, digits and `_` only: it is written into the statement).
    public init(named name: String, beside server: PostgresSettings) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StoreError.postgres(sqlState: "42602", message: "not a scratch database name: \(name)")
        }
        self.server = server
        var scratch = server
        scratch.location.database = name
        settings = scratch
        try Self.administer(server, "CREATE DATABASE \(name)")
    }

    /// Drops the scratch database, closing any connection still open to it.
    public func drop() throws {
        // FORCE: the listener's pooled connections may outlive the run that used them.
        try Self.administer(server, "DROP DATABASE IF EXISTS \(settings.location.database) WITH (FORCE)")
    }

    /// CREATE and DROP DATABASE run outside any transaction, on a connection of their own.
    private static func administer(_ server: PostgresSettings, _ statement: String) throws {
        let client = try PostgresClient.connect(server, id: 0)
        defer { client.close() }
        try client.runScript(statement)
    }
}
