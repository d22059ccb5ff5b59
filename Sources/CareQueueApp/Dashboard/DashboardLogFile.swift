import CareQueueCore
import Foundation
import Glibc
import Logging

/// The log while the dashboard owns the terminal: `<database>.log` beside the database, mode 0600
/// (log lines hold no patient data, but they name people and hosts).
///
/// Curses owns stdout and stderr's terminal: anything written there would garble the screen. So log
/// lines go to this file, and stderr itself is pointed at it while the dashboard runs.
public final class DashboardLogFile: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Opens (creating, mode 0600) `path` for appending.
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure("cannot open the log file \(path) (errno \(errno))") }
        // An older file may have been made with a wider mode.
        _ = fchmod(descriptor, 0o600)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends one line (a single write, so lines from different threads never interleave).
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Sends every logger of the process here (once per process: swift-log allows one bootstrap).
    public func bootstrapLogging(level: Logger.Level) {
        let level = ProcessInfo.processInfo.environment["CAREQUEUE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
        LoggingSystem.bootstrap { [self] label in FileLogHandler(label: label, file: self, logLevel: level) }
    }

    /// Points stderr at the file while it is a terminal; returns what `restoreStandardError` needs.
    public func captureStandardError() -> Int32? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(descriptor, STDERR_FILENO) >= 0 else { return nil }
        return saved
    }

    /// Gives stderr back to the terminal.
    public func restoreStandardError(_ saved: Int32?) {
        guard let saved else { return }
        _ = dup2(saved, STDERR_FILENO)
        close(saved)
    }
}

/// One line per event: time, level, label, message, metadata.
struct FileLogHandler: LogHandler {
    let label: String
    let file: DashboardLogFile
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, file: DashboardLogFile, logLevel: Logger.Level) {
        self.label = label
        self.file = file
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let details = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        file.append("\(Timestamp.iso(Date())) \(event.level) \(label): \(event.message)\(details)")
    }
}
