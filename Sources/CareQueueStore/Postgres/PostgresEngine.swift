import CareQueueCore
import Foundation
import Synchronization

/// `SQLEngine` on a PostgreSQL server: a few connections kept open and lent to one caller at a time.
///
/// Reads run in `REPEATABLE READ READ ONLY` transactions (one snapshot, as SQLite's readers see);
/// writes in `READ COMMITTED` transactions, with the row and advisory locks the store code takes
/// where several writers on several hosts could otherwise do the same work twice.
final class PostgresEngine: SQLEngine {
    let settings: PostgresSettings
    private let idle = Mutex<[PostgresClient]>([])
    private let nextID = Atomic<Int>(1)
    /// Connections kept open between calls; more may exist while busy.
    private let keepIdle = 4

    var dialect: SQLDialect { .postgres }
    var location: String { settings.redacted }

    /// Connects once, so a wrong URL, password or TLS setting is reported at open, not at first use.
    init(settings: PostgresSettings) throws {
        self.settings = settings
        release(try connect())
    }

    deinit {
        for client in idle.withLock({ $0 }) { client.close() }
    }

    func write<T>(deciding body: (any SQLConnection) throws -> (value: T, commit: Bool)) throws -> T {
        try transaction("BEGIN", body)
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") { connection in (try body(connection), true) }
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> (value: T, commit: Bool)) throws -> T {
        let client = try borrow()
        defer { release(client) }
        try client.run(begin, [])
        do {
            let (value, commit) = try body(PostgresSQLConnection(client))
            // COMMIT returns once the server flushed the transaction (synchronous_commit = on).
            if commit { try client.commit() } else { try client.run("ROLLBACK", []) }
            return value
        } catch {
            // The caller reports the first error; a connection that cannot roll back is closed.
            if (try? client.run("ROLLBACK", [])) == nil { client.close() }
            throw PostgresErrors.storeError(error, location: location, connecting: false)
        }
    }

    private func connect() throws -> PostgresClient {
        try PostgresClient.connect(settings, id: nextID.add(1, ordering: .relaxed).oldValue)
    }

    private func borrow() throws -> PostgresClient {
        while let client = idle.withLock({ $0.popLast() }) {
            if !client.isClosed { return client }
        }
        return try connect()
    }

    private func release(_ client: PostgresClient) {
        guard !client.isClosed else { return }
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < keepIdle else { return false }
            idle.append(client)
            return true
        }
        if !kept { client.close() }
    }
}
