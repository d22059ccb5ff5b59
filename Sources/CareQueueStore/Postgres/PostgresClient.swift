import CareQueueCore
import Foundation
import GRDB
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One PostgreSQL connection used synchronously, as the rest of the store is: each call waits for
/// the server's answer. Used by one thread at a time (the engine hands it out); never call it from
/// an event loop.
final class PostgresClient: Sendable {
    let connection: PostgresConnection
    private let location: String
    /// `?` → `$n` rewrites, by statement text: store SQL is a fixed set of strings.
    private let numbered = Mutex<[String: String]>([:])

    /// Statement texts longer than this are not kept numbered.
    static let longestCachedText = 4_096

    /// postgres-nio logs queries at debug; values never, but the store keeps its own counsel.
    static let logger: Logger = {
        var logger = Logger(label: "carequeue.postgres")
        logger.logLevel = .error
        return logger
    }()

    private init(connection: PostgresConnection, location: String) {
        self.connection = connection
        self.location = location
    }

    /// Connects, authenticates and sets the session up for durable ingest: `synchronous_commit`
    /// on, so a COMMIT returns only once the server has flushed it (the ACK's promise).
    static func connect(_ settings: PostgresSettings, id: Int) throws -> PostgresClient {
        let configuration = try Self.configuration(settings)
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id,
                logger: logger).wait()
        } catch {
            throw PostgresErrors.storeError(error, location: settings.redacted, connecting: true)
        }
        let client = PostgresClient(connection: connection, location: settings.redacted)
        do {
            try client.run("SET synchronous_commit TO on", [])
            let level = try client.run("SHOW synchronous_commit", []).rows.first.flatMap { $0[0] as String? }
            guard level == "on" else {
                throw StoreError.postgres(sqlState: "", message: "synchronous_commit reads back \(level ?? "nothing"), expected on")
            }
        } catch {
            client.close()
            throw error
        }
        return client
    }

    /// Where and how to connect: the URL's host or socket, TLS and password; `application_name`
    /// the URL's (or "carequeue"), followed by `role` when a connection has a special one.
    static func configuration(_ settings: PostgresSettings, role: String? = nil) throws -> PostgresConnection.Configuration {
        let location = settings.location
        var configuration: PostgresConnection.Configuration
        if let socketPath = location.socketPath {
            configuration = PostgresConnection.Configuration(unixSocketPath: socketPath, username: location.user,
                                                             password: settings.password, database: location.database)
        } else {
            configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: settings.password,
                database: location.database,
                tls: try location.sslMode.configuration(rootCertificateFile: location.sslRootCert))
            if location.sslMode == .verifyFull { configuration.options.tlsServerName = location.host }
        }
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeout))
        let name = role.map { "\(settings.applicationName) \($0)" } ?? settings.applicationName
        configuration.options.additionalStartupParameters = [("application_name", name)]
        return configuration
    }

    var isClosed: Bool { connection.isClosed }

    func close() {
        try? connection.close().wait()
    }

    /// Runs one statement with `?` placeholders and `values` bound in order.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws -> (rows: [SQLRow], changes: Int) {
        // postgres-nio drops a query written to a closed channel without failing its future: the
        // wait below would never end (a session the server ended, as the delivery lease's may be).
        guard !connection.isClosed else {
            throw StoreError.unreachable(location: location, reason: "the server closed the connection")
        }
        // Long texts (a task's observations in one INSERT) vary with their row count: numbered
        // afresh, not kept, so the cache stays small however many shapes arrive.
        let text = sql.utf8.count > Self.longestCachedText ? PostgresSQLText.numberingPlaceholders(sql) : numbered.withLock { cache in
            if let text = cache[sql] { return text }
            let text = PostgresSQLText.numberingPlaceholders(sql)
            cache[sql] = text
            return text
        }
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let int): bindings.append(int)
            case .real(let double): bindings.append(double)
            case .text(let string): bindings.append(string)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .data(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        do {
            let result = try connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: Self.logger).wait()
            return (try result.rows.map(PostgresRowReading.row), result.metadata.rows ?? 0)
        } catch {
            throw PostgresErrors.storeError(error, location: location, connecting: false)
        }
    }

    /// Commits the open transaction, and proves it did: PostgreSQL answers COMMIT in a transaction
    /// a failed statement aborted with ROLLBACK, and an ACK must never follow that.
    func commit() throws {
        let command: String
        do {
            command = try connection.query(PostgresQuery(unsafeSQL: "COMMIT"), logger: Self.logger).wait().metadata.command
        } catch {
            throw PostgresErrors.storeError(error, location: location, connecting: false)
        }
        guard command == "COMMIT" else {
            throw StoreError.postgres(sqlState: "25P02", message: "the transaction was aborted by an earlier error and rolled back")
        }
    }

    /// Runs every statement of `script` in order (DDL: no placeholders, no values).
    func runScript(_ script: String) throws {
        for statement in PostgresSQLText.statements(script) {
            do {
                _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger).wait()
            } catch {
                throw PostgresErrors.storeError(error, location: location, connecting: false)
            }
        }
    }
}
