extension CareQueueConfig {
    /// `[log]`: how log lines look, which are written, and how large the dashboard's log file grows.
    public struct Log: Sendable, Equatable {
        public var format = LogFormat.text
        /// nil: `CAREQUEUE_LOG_LEVEL`, else the command's own default (info for `listen` and the dashboard).
        public var level: LogLevel? = nil
        /// The dashboard's log file is rotated before it would grow past this.
        public var maxBytes = 10 * 1024 * 1024
        /// Rotated files kept beside the current one (`<db>.log.1` … `<db>.log.<keep>`).
        public var keep = 5
        public init() {}
    }
}

/// `[log] format`: `text` for people reading a terminal, `json` (one object per line) for journald and collectors.
public enum LogFormat: String, Sendable, Equatable, CaseIterable {
    case text, json
}

/// The levels `CAREQUEUE_LOG_LEVEL` and `[log] level` accept, quietest last (swift-log's names).
public enum LogLevel: String, Sendable, Equatable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    /// "trace, debug, …, critical" for messages naming the valid ones.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
