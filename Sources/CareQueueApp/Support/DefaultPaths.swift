import Foundation

/// The default locations, per the command-line contract (the config default lives in
/// `CareQueueConfig.defaultPath`). `$CAREQUEUE_DB`, which may also name a PostgreSQL URL, is read
/// by `StoreSelection`.
public enum DefaultPaths {
    /// The SQLite file used when neither `--db`, `$CAREQUEUE_DB` nor `[store] url` names a store.
    public static func sqliteDatabase(environment: [String: String]) -> String {
        dataDirectory(environment: environment) + "/carequeue.sqlite"
    }

    public static func dataDirectory(environment: [String: String]) -> String {
        // The XDG spec says to ignore a relative XDG_DATA_HOME.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/carequeue" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/carequeue"
    }
}
