import Foundation

/// Where "now" comes from. Everything that ages, dues or escalates takes one, so tests can pin time.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The real wall clock.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
