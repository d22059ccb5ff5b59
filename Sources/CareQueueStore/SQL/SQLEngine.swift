import Foundation

/// Where store code gets a connection and a transaction, whichever engine holds the data.
///
/// `read` sees one consistent snapshot; `write` is one transaction that commits when `body`
/// returns and rolls back when it throws. Both translate failures into `StoreError`.
protocol SQLEngine: Sendable {
    var dialect: SQLDialect { get }
    /// The store as errors and logs name it: a file path, or a PostgreSQL URL without secrets.
    var location: String { get }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// One write transaction that commits when `body` says so and rolls back otherwise, returning
    /// `body`'s value either way (a group of one message rolls back its failure instead of paying
    /// for a savepoint).
    func write<T>(deciding body: (any SQLConnection) throws -> (value: T, commit: Bool)) throws -> T
}

extension SQLEngine {
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try write { connection in (try body(connection), true) }
    }
}
