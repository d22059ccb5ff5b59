import Foundation

/// What retention removed from one closed task, for `tasks show`.
public struct TaskPurge: Sendable, Equatable {
    /// When its superseded observations went.
    public var purgedAt: Date
    /// When its latest message's raw bytes went, and how many they were; nil while another task,
    /// an awaiting order or the review list still needs them.
    public var rawPurgedAt: Date?
    public var rawBytes: Int64?

    public init(purgedAt: Date, rawPurgedAt: Date?, rawBytes: Int64?) {
        self.purgedAt = purgedAt
        self.rawPurgedAt = rawPurgedAt
        self.rawBytes = rawBytes
    }

    /// The line `tasks show` prints, after "Retention  ".
    public func text(time: (Date) -> String) -> String {
        guard let rawPurgedAt else {
            return "superseded observations purged \(time(purgedAt)); the raw message is kept (still needed elsewhere)"
        }
        let bytes = rawBytes.map { " (\($0) bytes)" } ?? ""
        let when = rawPurgedAt == purgedAt
            ? "and superseded observations purged \(time(purgedAt))"
            : "purged \(time(rawPurgedAt)), superseded observations \(time(purgedAt))"
        return "raw message\(bytes) \(when); the summary, observations and audit stay"
    }
}
