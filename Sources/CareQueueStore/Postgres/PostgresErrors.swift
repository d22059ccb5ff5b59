import CareQueueCore
import Foundation
import PostgresNIO

/// PostgreSQL's failures in the store's words (`StoreError`), by SQLSTATE class.
///
/// postgres-nio's own description is generic on purpose (it may carry the query's values); this
/// reads only the server's message, constraint name and code, which name no values.
enum PostgresErrors {
    static func storeError(_ error: any Error, location: String, connecting: Bool) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let error = error as? PSQLError else {
            return .unreachable(location: location, reason: String(describing: error))
        }
        guard let server = error.serverInfo else {
            return .unreachable(location: location, reason: transportReason(error))
        }
        let sqlState = server[.sqlState] ?? ""
        let message = server[.message] ?? "unknown"
        switch sqlState {
        case "53100": return .diskFull(path: location)
        case "40001", "40P01", "55P03", "57014": return .locked(path: location)
        case "42501": return .permissionDenied(path: location)
        // A trigger's plain RAISE EXCEPTION (P0001) refuses the row as SQLite's RAISE(ABORT) does:
        // the message's fault, kept for review, not a store failure to retry for ever.
        case _ where sqlState.hasPrefix("23"), "P0001":
            return .constraint(server[.constraintName].map { "\(message) (\($0))" } ?? message)
        case _ where sqlState.hasPrefix("28"), "3D000", "57P03", "53300":
            // Login refused, no such database, server starting up or full of connections.
            return .unreachable(location: location, reason: message)
        case _ where sqlState.hasPrefix("08") || sqlState.hasPrefix("57P"):
            return .unreachable(location: location, reason: message)
        default:
            return connecting ? .unreachable(location: location, reason: message)
                : .postgres(sqlState: sqlState, message: message)
        }
    }

    private static func transportReason(_ error: PSQLError) -> String {
        switch error.code {
        case .sslUnsupported: return "the server does not offer TLS, and sslmode requires it"
        case .failedToAddSSLHandler: return "TLS could not be set up"
        case .authMechanismRequiresPassword:
            return "the server asks for a password: set [store] password_file or PGPASSFILE"
        case .unsupportedAuthMechanism: return "the server asks for a login method postgres-nio does not support"
        case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
        default:
            if let underlying = error.underlying { return String(describing: underlying) }
            return "connection failed (\(error.code))"
        }
    }
}
