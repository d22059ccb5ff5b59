import Foundation
import Logging
import Synchronization

/// Log lines go to stderr; `CAREQUEUE_LOG_LEVEL` (trace … critical) overrides the command's default.
public enum LogSetup {
    /// For commands that may run more than once in a process (`bench` runs ingest twice).
    public static func bootstrapOnce(defaultLevel: Logger.Level) {
        _ = once.withLock { done in
            if !done { bootstrap(defaultLevel: defaultLevel) }
            done = true
        }
    }

    private static let once = Mutex(false)

    public static func bootstrap(defaultLevel: Logger.Level) {
        let level = ProcessInfo.processInfo.environment["CAREQUEUE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
