import CareQueueCore
import Foundation

/// A clock that reads a fixed instant; tests move it by assigning `instant`.
public final class FixedTimeSource: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var _instant: Date

    public init(_ instant: Date) { _instant = instant }

    public var instant: Date {
        get { lock.withLock { _instant } }
        set { lock.withLock { _instant = newValue } }
    }

    public func now() -> Date { instant }

    public func advance(by seconds: TimeInterval) { instant = instant.addingTimeInterval(seconds) }
}
