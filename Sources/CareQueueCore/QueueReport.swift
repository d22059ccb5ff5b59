import Foundation

/// The charge nurse's digest: per queue, how much is open, late, critical and escalated.
public enum QueueReport {
    /// The parts of a task the digest looks at.
    public struct Task: Sendable, Equatable {
        /// nil is the Unassigned queue.
        public var assignedNPI: String?
        public var urgency: Urgency
        public var status: TaskStatus
        /// Receipt, or the re-opening: ages count from here.
        public var clockStartedAt: Date
        public var dueAt: Date?
        public var clockStoppedAt: Date?
        public var escalationLevel: Int

        public init(assignedNPI: String?, urgency: Urgency, status: TaskStatus, clockStartedAt: Date, dueAt: Date?,
                    clockStoppedAt: Date?, escalationLevel: Int) {
            self.assignedNPI = assignedNPI
            self.urgency = urgency
            self.status = status
            self.clockStartedAt = clockStartedAt
            self.dueAt = dueAt
            self.clockStoppedAt = clockStoppedAt
            self.escalationLevel = escalationLevel
        }
    }

    /// One queue's line of the digest; field names are those of `report --json` and `--csv`.
    public struct Row: Sendable, Equatable {
        public var providerNPI: String?
        /// The provider's roster name, "Unassigned", or the NPI when it is no longer on the roster.
        public var provider: String
        /// Not closed (acknowledged included).
        public var open: Int
        /// Open with a running clock at or past its due time.
        public var overdue: Int
        public var criticalOpen: Int
        /// Open at escalation level 1 or 2.
        public var escalated: Int
        /// Seconds since the oldest open task's clock started; nil with nothing open.
        public var oldestAgeSeconds: Int?
        public var medianAgeSeconds: Int?
        /// Of the clocks that stopped in the 24 h before the report time, the share stopped before
        /// their due time; nil when none stopped.
        public var withinWindowRate: Double?

        public static let columns = ["provider_npi", "provider", "open", "overdue", "critical_open", "escalated",
                                     "oldest_age_s", "median_age_s", "within_window_rate"]

        /// The values in `columns` order, as CSV/table text ("" for null).
        public var fields: [String] {
            [providerNPI ?? "", provider, String(open), String(overdue), String(criticalOpen), String(escalated),
             oldestAgeSeconds.map(String.init) ?? "", medianAgeSeconds.map(String.init) ?? "",
             withinWindowRate.map(Self.rateText) ?? ""]
        }

        /// The rate as JSON prints it: "1", "0", "0.6667".
        static func rateText(_ rate: Double) -> String {
            rate == rate.rounded() ? String(Int(rate)) : String(rate)
        }
    }

    /// How far back `withinWindowRate` looks.
    public static let rateWindow: TimeInterval = 24 * 3600

    /// The digest at `now`: the Unassigned queue first (always), then every queue-owning provider on
    /// the roster and any other NPI holding tasks, by NPI.
    public static func rows(tasks: [Task], providers: [Provider], at now: Date,
                            windows: CareQueueConfig.Windows) -> [Row] {
        var byQueue: [String?: [Task]] = [nil: []]
        for provider in providers where provider.role.ordersTests { byQueue[provider.npi] = [] }
        for task in tasks { byQueue[task.assignedNPI, default: []].append(task) }
        let names = providers.namesByNPI
        return byQueue.keys.sorted { ($0 ?? "") < ($1 ?? "") }.map { npi in
            row(npi: npi, name: npi.map { names[$0] ?? $0 } ?? "Unassigned", tasks: byQueue[npi] ?? [],
                at: now, windows: windows)
        }
    }

    private static func row(npi: String?, name: String, tasks: [Task], at now: Date,
                            windows: CareQueueConfig.Windows) -> Row {
        let open = tasks.filter { $0.status != .closed }
        let ages = open.map { max(0, Int(now.timeIntervalSince($0.clockStartedAt).rounded(.down))) }.sorted()
        let stopped = tasks.filter { task in
            guard let at = task.clockStoppedAt else { return false }
            return at <= now && now.timeIntervalSince(at) < rateWindow
        }
        let inTime = stopped.filter { task in
            task.clockStoppedAt! < task.clockStartedAt.addingTimeInterval(windows.window(for: task.urgency))
        }
        return Row(
            providerNPI: npi, provider: name, open: open.count,
            overdue: open.filter { $0.clockStoppedAt == nil && $0.dueAt.map { $0 <= now } == true }.count,
            criticalOpen: open.filter { $0.urgency == .critical }.count,
            escalated: open.filter { $0.escalationLevel >= 1 }.count,
            oldestAgeSeconds: ages.last, medianAgeSeconds: median(ages),
            withinWindowRate: stopped.isEmpty ? nil : rounded(Double(inTime.count) / Double(stopped.count)))
    }

    /// The middle value, or the mean of the two middle values rounded down; nil for none.
    static func median(_ sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Four decimals: enough for a rate, short enough to read.
    private static func rounded(_ rate: Double) -> Double {
        (rate * 10_000).rounded() / 10_000
    }
}
