import CareQueueCore
import Foundation
import Logging
import Synchronization

/// Log lines in the `[log] format`; the level is `CAREQUEUE_LOG_LEVEL`, else `[log] level`, else
/// the command's default. swift-log allows one bootstrap per process.
public enum LogSetup {
    /// The level in effect; an unknown name in the environment is a failure naming the valid ones
    /// (the configuration file's level was checked when it was read).
    public static func level(_ settings: CareQueueConfig.Log, default defaultLevel: Logger.Level,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> Logger.Level {
        if let name = environment["CAREQUEUE_LOG_LEVEL"], !name.isEmpty {
            guard let level = Logger.Level(rawValue: name.lowercased()) else {
                throw CommandFailure("CAREQUEUE_LOG_LEVEL '\(UntrustedText.forLog(name))' is not a log level; valid: \(LogLevel.names)")
            }
            return level
        }
        return settings.level.flatMap { Logger.Level(rawValue: $0.rawValue) } ?? defaultLevel
    }

    /// Every logger writes to `sink` (stderr unless given).
    public static func bootstrap(_ settings: CareQueueConfig.Log, default defaultLevel: Logger.Level,
                                 sink: any LogSink = StandardErrorSink()) throws(CommandFailure) {
        install(settings.format, level: try level(settings, default: defaultLevel), sink: sink)
    }

    /// For commands that may run more than once in a process (`bench` runs ingest twice).
    public static func bootstrapOnce(_ settings: CareQueueConfig.Log, default defaultLevel: Logger.Level) throws(CommandFailure) {
        let level = try level(settings, default: defaultLevel)
        _ = once.withLock { done in
            if !done { install(settings.format, level: level, sink: StandardErrorSink()) }
            done = true
        }
    }

    private static let once = Mutex(false)

    /// The level every logger of the process logs at (unless one set its own).
    private static let sharedLevel = Mutex(Logger.Level.info)

    static var currentLevel: Logger.Level { sharedLevel.withLock { $0 } }

    /// Changes the level of every logger from now on (a reload of `[log] level`).
    public static func changeLevel(to level: Logger.Level) {
        sharedLevel.withLock { $0 = level }
    }

    private static func install(_ format: LogFormat, level: Logger.Level, sink: any LogSink) {
        changeLevel(to: level)
        LoggingSystem.bootstrap { label in CareQueueLogHandler(label: label, sink: sink, format: format) }
    }

    /// The listener's first line, on stderr: what tools and tests wait for.
    public static func announceListening(on address: String, format: LogFormat) {
        WholeLine.write(LogLine.listening(on: address, component: "carequeue.listen", at: Date(), as: format), to: STDERR_FILENO)
    }

    /// The listener's second line, on stderr: version, database and configuration file.
    public static func announceIdentity(version: String, database: String, configuration: String, format: LogFormat) {
        WholeLine.write(LogLine.identity(version: version, database: database, configuration: configuration,
                                         component: "carequeue.listen", at: Date(), as: format), to: STDERR_FILENO)
    }
}
