import CareQueueCore
import Foundation
import GRDB

/// `SQLConnection` on one PostgreSQL connection, inside the transaction its engine began.
final class PostgresSQLConnection: SQLConnection {
    let client: PostgresClient

    init(_ client: PostgresClient) { self.client = client }

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int {
        var bindings = SQLBindings()
        bind(&bindings)
        return try client.run(sql, bindings.values).changes
    }

    func fetchAll(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [SQLRow] {
        var bindings = SQLBindings()
        bind(&bindings)
        return try client.run(sql, bindings.values).rows
    }

    func bytes(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [UInt8]? {
        guard let row = try fetchOne(sql, bind), let data: Data = row[0] else { return nil }
        return [UInt8](data)
    }

    func executeScript(_ script: String) throws { try client.runScript(script) }

    /// PostgreSQL keeps the transaction after a failed statement (aborted until a savepoint rolls
    /// back); only a lost connection ends it.
    var isInsideTransaction: Bool { !client.isClosed }

    func insertReturningID(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int64 {
        var bindings = SQLBindings()
        bind(&bindings)
        guard let id: Int64 = try client.run(sql + " RETURNING id", bindings.values).rows.first?[0] else {
            throw StoreError.postgres(sqlState: "", message: "an insert returned no id")
        }
        return id
    }
}
