import CareQueueCore
import Foundation

/// `config check`'s account of the store a command would open, without opening it: the path or
/// redacted URL, what chose it, and for PostgreSQL the sslmode and where the password would come
/// from (never the password).
public enum StoreSummary {
    /// One line, then one per warning ("warning: …").
    public static func lines(_ selection: StoreSelection, password: Result<PostgresPassword, PostgresPasswordError>?) -> [String] {
        let origin = selection.origin == .defaultPath ? "default path" : "from \(selection.origin.rawValue)"
        switch selection.location {
        case .sqlite(let path):
            return ["store: \(path) (SQLite, \(origin))"]
        case .postgres(let location):
            let passwordText: String, warnings: [String]
            switch password {
            case .success(let found): (passwordText, warnings) = (found.sourceText, found.warnings)
            case .failure(let problem): (passwordText, warnings) = ("unavailable (\(problem.message))", [])
            case nil: (passwordText, warnings) = ("not looked up", [])
            }
            let line = "store: \(location.redacted) (PostgreSQL, \(origin); sslmode \(location.sslMode.rawValue); password: \(passwordText))"
            return [line] + warnings.map { "warning: \($0)" }
        }
    }

    /// The lines for what `--db`, the environment and `config` select, reading the password
    /// files as a connection would. Throws when `--db` or `$CAREQUEUE_DB` holds a bad URL.
    public static func lines(db: String?, config: CareQueueConfig,
                             environment: [String: String]) throws(CommandFailure) -> [String] {
        let selection = try StoreSelection.resolve(db: db, config: config, environment: environment)
        guard case .postgres(let location) = selection.location else { return lines(selection, password: nil) }
        let password = Result { () throws(PostgresPasswordError) -> PostgresPassword in
            try PostgresPassword.lookUp(for: location, config: config, environment: environment)
        }
        return lines(selection, password: password)
    }
}
