import Foundation

extension QueueReport {
    /// One line of the digest: the group it stands for and its figures.
    public struct Row: Sendable, Equatable {
        public enum Group: Sendable, Equatable {
            /// `name`: the roster name; nil for the Unassigned queue (npi nil) and an NPI no longer on the roster.
            case provider(npi: String?, name: String?)
            case tier(Urgency)
            /// `login` nil: the queues no coordinator is named for. `name`: the roster person with that login.
            case coordinator(login: String?, name: String?)
        }

        public var group: Group
        public var figures: Figures

        public init(group: Group, figures: Figures) {
            self.group = group
            self.figures = figures
        }

        /// The `provider` field: the roster name, "Unassigned", or the NPI when no longer on the roster.
        public static func providerName(npi: String?, rosterName: String?) -> String {
            rosterName ?? npi ?? "Unassigned"
        }

        /// The columns naming the group, per grouping (JSON keys and CSV header alike).
        public static func groupColumns(_ grouping: Grouping) -> [String] {
            switch grouping {
            case .provider: return ["provider_npi", "provider", "unassigned"]
            case .tier: return ["tier"]
            case .coordinator: return ["coordinator", "coordinator_name"]
            }
        }

        public static let figureColumns = [
            "open", "overdue", "critical_open", "escalated", "oldest_age_s", "median_age_s", "within_window_rate",
            "results", "critical_acknowledged_within_window_rate", "median_first_action_s", "failed_contact_per_1000",
            "documented_close_rate",
        ]

        public static func columns(_ grouping: Grouping) -> [String] { groupColumns(grouping) + figureColumns }

        /// The group's values in `groupColumns` order, as CSV text ("" for null).
        public var groupFields: [String] {
            switch group {
            case .provider(let npi, let name): return [npi ?? "", Self.providerName(npi: npi, rosterName: name),
                                                       npi == nil ? "true" : "false"]
            case .tier(let tier): return [tier.rawValue]
            case .coordinator(let login, let name): return [login ?? "", name ?? ""]
            }
        }

        /// One figure: a count, or a number that may be null.
        public enum Value: Sendable, Equatable {
            case count(Int)
            case seconds(Int?)
            case number(Double?)

            /// As CSV and JSON print it ("" for null): 3, 0.6667, 38.5, 1.
            public var text: String {
                switch self {
                case .count(let value): return String(value)
                case .seconds(let value): return value.map(String.init) ?? ""
                case .number(let value): return value.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? ""
                }
            }
        }

        /// The figures in `figureColumns` order.
        public var figureValues: [Value] {
            let f = figures
            return [.count(f.open), .count(f.overdue), .count(f.criticalOpen), .count(f.escalated),
                    .seconds(f.oldestAgeSeconds), .seconds(f.medianAgeSeconds), .number(f.withinWindowRate),
                    .count(f.results), .number(f.criticalAcknowledgedWithinWindowRate),
                    .seconds(f.medianFirstActionSeconds), .number(f.failedContactPer1000),
                    .number(f.documentedCloseRate)]
        }

        /// Every value in `columns` order, as CSV text ("" for null).
        public var fields: [String] { groupFields + figureValues.map(\.text) }
    }
}
