import Foundation

extension QueueReport {
    /// One group's numbers; field names are those of `report --json` and `--csv`.
    public struct Figures: Sendable, Equatable {
        // As of the period's end (the tasks as they stand, ages counted to `to`).
        /// Not closed (acknowledged included).
        public var open = 0
        /// Open with a running clock at or past its due time.
        public var overdue = 0
        public var criticalOpen = 0
        /// Open at escalation level 1 or 2.
        public var escalated = 0
        /// Seconds since the oldest open task's clock started; nil with nothing open.
        public var oldestAgeSeconds: Int?
        public var medianAgeSeconds: Int?
        /// Of the clocks that stopped in the period, the share stopped before their due time.
        public var withinWindowRate: Double?

        // Over the results received in the period.
        public var results = 0
        /// Of the decided critical results, the share acknowledged within the critical window
        /// (see `CriticalAcknowledgement`); nil when none is decided.
        public var criticalAcknowledgedWithinWindowRate: Double?
        /// Median seconds from arrival to the first coordinator action before `to`, over the
        /// results that had one; nil when none had.
        public var medianFirstActionSeconds: Int?
        /// Failed call attempts on the period's results (before `to`, not undone) per 1,000
        /// results, one decimal; nil with no results.
        public var failedContactPer1000: Double?
        /// Of the tasks a person closed in the period (the close standing), the share with an
        /// outcome and a non-empty note; nil when none.
        public var documentedCloseRate: Double?

        public init() {}

        public init(tasks: [Task], period: ReportPeriod, windows: CareQueueConfig.Windows) {
            let now = period.to
            let open = tasks.filter { $0.status != .closed }
            let ages = open.map { max(0, Int(now.timeIntervalSince($0.clockStartedAt).rounded(.down))) }.sorted()
            self.open = open.count
            overdue = open.filter { $0.clockStoppedAt == nil && $0.dueAt.map { $0 <= now } == true }.count
            criticalOpen = open.filter { $0.urgency == .critical }.count
            escalated = open.filter { $0.escalationLevel >= 1 }.count
            oldestAgeSeconds = ages.last
            medianAgeSeconds = QueueReport.median(ages)
            let stopped = tasks.filter { $0.clockStoppedAt.map(period.contains) == true }
            withinWindowRate = QueueReport.rate(stopped.filter { task in
                task.clockStoppedAt! < task.clockStartedAt.addingTimeInterval(windows.window(for: task.urgency))
            }.count, of: stopped.count)

            let received = tasks.filter { $0.isResult && period.contains($0.history.receivedAt) }
            results = received.count
            let critical = CriticalAcknowledgement.counts(received.filter { $0.urgency == .critical }.map(\.history),
                                                          window: windows.critical, at: now)
            criticalAcknowledgedWithinWindowRate = QueueReport.rate(critical.within, of: critical.decided)
            medianFirstActionSeconds = QueueReport.median(received.compactMap { $0.history.firstActionSeconds(before: now) }.sorted())
            let failed = received.reduce(0) { $0 + $1.history.failedAttempts(before: now) }
            failedContactPer1000 = results == 0 ? nil : (Double(failed) * 1000 / Double(results) * 10).rounded() / 10
            let closed = tasks.compactMap(\.closure).filter { period.contains($0.at) && $0.outcome != .cancelledByLab }
            documentedCloseRate = QueueReport.rate(closed.filter(QueueReport.isDocumented).count, of: closed.count)
        }
    }

    /// A close with an outcome and a note that says something.
    static func isDocumented(_ closure: TaskClosure) -> Bool {
        !closure.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The middle value, or the mean of the two middle values rounded down; nil for none.
    static func median(_ sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `part / whole` to four decimals (enough for a rate, short enough to read); nil for none.
    static func rate(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}
