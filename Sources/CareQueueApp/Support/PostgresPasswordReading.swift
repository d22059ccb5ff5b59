import CareQueueCore
import Foundation

extension PostgresPassword {
    /// The lookup a connection makes: `config`'s `[store] password_file`, else `$PGPASSFILE`, else
    /// `~/.pgpass` (the account's home when `$HOME` is unset, as services often run), read from disk.
    public static func lookUp(for location: PostgresLocation, config: CareQueueConfig,
                              environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PostgresPasswordError) -> PostgresPassword {
        var environment = environment
        if (environment["HOME"] ?? "").isEmpty { environment["HOME"] = NSHomeDirectory() }
        return try lookUp(for: location, passwordFile: config.store.passwordFile, environment: environment, read: SecretFileReader.read)
    }
}
