import Foundation

/// The charge nurse's digest: per group (queue, tier or coordinator), how much is open, late,
/// critical and escalated as of the period's end, and how the period's results were handled.
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
        /// The close that stands (a re-opened task has none).
        public var closure: TaskClosure?
        /// Arrival and what was done since; its events are read only for tasks received in the period.
        public var history: ResultHandling
        /// A result (counted among the period's results), or an order whose result never came
        /// (queue work, but not a result received).
        public var isResult = true

        public init(assignedNPI: String?, urgency: Urgency, status: TaskStatus, clockStartedAt: Date, dueAt: Date?,
                    clockStoppedAt: Date?, escalationLevel: Int, closure: TaskClosure? = nil,
                    history: ResultHandling? = nil) {
            self.assignedNPI = assignedNPI
            self.urgency = urgency
            self.status = status
            self.clockStartedAt = clockStartedAt
            self.dueAt = dueAt
            self.clockStoppedAt = clockStoppedAt
            self.escalationLevel = escalationLevel
            self.closure = closure
            self.history = history ?? ResultHandling(receivedAt: clockStartedAt, events: [])
        }
    }

    /// What one row of the report stands for (`--by`).
    public enum Grouping: String, Sendable, CaseIterable {
        case provider, tier, coordinator
    }

    /// The digest over `period`, one row per group of `grouping`:
    /// - provider: the Unassigned queue first (always), then every queue-owning provider on the
    ///   roster and any other NPI holding tasks, by NPI;
    /// - tier: critical, abnormal, routine;
    /// - coordinator: first the tasks of queues no coordinator is named for (Unassigned included),
    ///   then every login the roster's `coordinators` names, by login; a task counts for each
    ///   coordinator of its queue's provider.
    public static func rows(tasks: [Task], providers: [Provider], period: ReportPeriod,
                            windows: CareQueueConfig.Windows, by grouping: Grouping = .provider) -> [Row] {
        groups(tasks: tasks, providers: providers, by: grouping).map { group, members in
            Row(group: group, figures: Figures(tasks: members, period: period, windows: windows))
        }
    }

    private static func groups(tasks: [Task], providers: [Provider], by grouping: Grouping) -> [(Row.Group, [Task])] {
        switch grouping {
        case .provider:
            var byQueue: [String?: [Task]] = [nil: []]
            for provider in providers where provider.role.ordersTests { byQueue[provider.npi] = [] }
            for task in tasks { byQueue[task.assignedNPI, default: []].append(task) }
            let names = providers.namesByNPI
            return byQueue.keys.sorted { ($0 ?? "") < ($1 ?? "") }.map { npi in
                (.provider(npi: npi, name: npi.flatMap { names[$0] }), byQueue[npi] ?? [])
            }
        case .tier:
            return Urgency.allCases.sorted(by: >).map { tier in (.tier(tier), tasks.filter { $0.urgency == tier }) }
        case .coordinator:
            let coordinatorsByNPI = Dictionary(providers.map { ($0.npi, $0.coordinators) }, uniquingKeysWith: { first, _ in first })
            var byLogin: [String?: [Task]] = [nil: []]
            for login in providers.flatMap(\.coordinators) { byLogin[login] = [] }
            for task in tasks {
                let logins = task.assignedNPI.flatMap { coordinatorsByNPI[$0] } ?? []
                if logins.isEmpty { byLogin[nil, default: []].append(task) }
                for login in Set(logins) { byLogin[login, default: []].append(task) }
            }
            let names = Dictionary(providers.compactMap { person in person.login.map { ($0, person.name) } },
                                   uniquingKeysWith: { first, _ in first })
            return byLogin.keys.sorted { ($0 ?? "") < ($1 ?? "") }.map { login in
                (.coordinator(login: login, name: login.flatMap { names[$0] }), byLogin[login] ?? [])
            }
        }
    }
}
