import Foundation

/// The default database location, per the command-line contract (the config default lives in
/// `CareQueueConfig.defaultPath`).
public enum DefaultPaths {
    public static func database(environment: [String: String]) -> String {
        if let explicit = environment["CAREQUEUE_DB"], !explicit.isEmpty { return explicit }
        return dataDirectory(environment: environment) + "/carequeue.sqlite"
    }

    public static func dataDirectory(environment: [String: String]) -> String {
        // The XDG spec says to ignore a relative XDG_DATA_HOME.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/carequeue" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/carequeue"
    }
}
