import CareQueueCore
import Foundation
import Glibc
import Logging

/// Where finished log lines go: stderr, or the dashboard's log file.
public protocol LogSink: Sendable {
    /// Writes one line (newline added) in a single write, so lines from different threads never interleave.
    func append(_ line: String)
}

/// stderr, for `listen` under systemd (journald) or a terminal.
public struct StandardErrorSink: LogSink {
    public init() {}

    public func append(_ line: String) {
        WholeLine.write(line, to: STDERR_FILENO)
    }
}

enum WholeLine {
    static func write(_ line: String, to descriptor: Int32) {
        var bytes = Array(line.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }
}

/// Every logger of the process: one line per event in the configured format, to one sink.
struct CareQueueLogHandler: LogHandler {
    let label: String
    let sink: any LogSink
    let format: LogFormat
    /// A level a caller set on its own logger; otherwise the process's, which SIGHUP can change.
    private var explicitLevel: Logger.Level?
    var logLevel: Logger.Level {
        get { explicitLevel ?? LogSetup.currentLevel }
        set { explicitLevel = newValue }
    }
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, sink: any LogSink, format: LogFormat) {
        self.label = label
        self.sink = sink
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let line = LogLine(time: Date(), level: event.level, component: label, event: "\(event.message)",
                           fields: all.mapValues { "\($0)" })
        sink.append(line.rendered(as: format))
    }
}
