import Foundation

/// The half-open period [from, to) a report's period figures cover.
public struct ReportPeriod: Sendable, Equatable {
    public var from: Date
    public var to: Date

    /// Without `--from`, the 24 h before `to`.
    public static let defaultLength: TimeInterval = 24 * 3600

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// The period the options name: `to` defaults to `now`, `from` to 24 h before `to`. nil when
    /// `from` is not before `to` (an empty or backwards period).
    public static func resolve(from: Date?, to: Date?, now: Date) -> ReportPeriod? {
        let end = to ?? now
        let start = from ?? end.addingTimeInterval(-defaultLength)
        return start < end ? ReportPeriod(from: start, to: end) : nil
    }

    public func contains(_ instant: Date) -> Bool { from <= instant && instant < to }
}
