import Foundation

extension CareQueueConfig {
    /// `[retention]`: how long closed tasks keep their raw messages, and the audit trail its rows.
    public struct Retention: Sendable, Equatable {
        /// Tasks closed longer ago than this lose their raw bytes and observation history (the
        /// listener purges once a day); nil, the default: everything is kept.
        public var closedAfter: TimeInterval? = nil
        /// Audit rows older than this may be pruned by a purge; six years (2192 days) by default.
        public var audit: TimeInterval = 2192 * 86_400
        public init() {}
    }
}
