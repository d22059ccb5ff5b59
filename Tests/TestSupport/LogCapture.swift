import Foundation
import Logging
import Synchronization

/// A log handler that keeps every line it is given, with its level and metadata, for assertions.
public final class LogCapture: Sendable {
    public struct Line: Sendable {
        public var level: Logger.Level
        public var text: String
    }

    private let lines = Mutex<[Line]>([])

    public init() {}

    /// A logger writing into this capture at `level` and above.
    public func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "test.capture") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    public var all: [Line] { lines.withLock { $0 } }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append(Line(level: event.level, text: "\(fields) \(event.message)"))
        }
    }
}
