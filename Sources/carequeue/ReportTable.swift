import CareQueueCore
import Foundation

/// `report`'s text table: groups named as `tasks list` names queues, ages and rates made short.
enum ReportTable {
    static func print(_ rows: [QueueReport.Row], by grouping: QueueReport.Grouping) {
        let header = [groupHeader(grouping), "OPEN", "OVERDUE", "CRITICAL", "ESCALATED", "OLDEST", "MEDIAN", "IN WINDOW",
                      "RESULTS", "CRIT ACK", "1ST ACTION", "FAILED/1000", "DOCUMENTED"]
        TextTable.print(header: header, rows: rows.map { row in
            let f = row.figures
            return [label(row.group), String(f.open), String(f.overdue), String(f.criticalOpen), String(f.escalated),
                    age(f.oldestAgeSeconds), age(f.medianAgeSeconds), percent(f.withinWindowRate), String(f.results),
                    percent(f.criticalAcknowledgedWithinWindowRate), age(f.medianFirstActionSeconds),
                    f.failedContactPer1000.map { String(format: "%.1f", $0) } ?? "-", percent(f.documentedCloseRate)]
        })
    }

    /// The turnaround per test: "Potassium (6298-4)", a referral by its reason, then "All".
    static func printTurnaround(_ rows: [TurnaroundReport.Row]) {
        let header = ["TEST", "ORDERED", "RESULTED", "MEDIAN", "P90", "IN TIME", "AWAITING", "OVERDUE"]
        TextTable.print(header: header, rows: rows.map { row in
            let f = row.figures
            return [testLabel(row.group), String(f.ordered), String(f.resulted), age(f.medianTurnaroundSeconds),
                    age(f.p90TurnaroundSeconds), percent(f.resultedInTimeRate), String(f.awaiting), String(f.overdue)]
        })
    }

    static func testLabel(_ group: TurnaroundReport.Row.Group) -> String {
        switch group {
        case .all: return "All"
        case .test(let kind, let code, let name):
            let named = name == code || code.isEmpty ? name : "\(name) (\(code))"
            return kind == .referral ? "Referral: " + named : named
        }
    }

    private static func groupHeader(_ grouping: QueueReport.Grouping) -> String {
        switch grouping {
        case .provider: return "QUEUE"
        case .tier: return "TIER"
        case .coordinator: return "COORDINATOR"
        }
    }

    /// The queue as `tasks list` names it; a coordinator by roster name and login.
    static func label(_ group: QueueReport.Row.Group) -> String {
        switch group {
        case .provider(let npi, let name): return QueueLabel.queue(npi, rosterName: name)
        case .tier(let tier): return tier.rawValue
        case .coordinator(nil, _): return "No coordinator named"
        case .coordinator(let login?, let name): return name.map { "\($0) (\(login))" } ?? login
        }
    }

    private static func age(_ seconds: Int?) -> String { seconds.map { AgeText.compact(TimeInterval($0)) } ?? "-" }

    private static func percent(_ rate: Double?) -> String { rate.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
}
