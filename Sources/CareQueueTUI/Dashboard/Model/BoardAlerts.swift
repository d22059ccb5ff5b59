import CareQueueCore
import Foundation

/// `[ui] bell`: when news rings the terminal bell.
public enum BellPolicy: String, Sendable, CaseIterable {
    /// Only while the board is on show (the charge nurse's wall).
    case board
    /// On any screen.
    case always
    case never
}

/// The news on show: the board's totals band flashes until `until`.
public struct BoardAlert: Equatable, Sendable {
    public var text: String
    public var until: Date
}

/// What the last overview held, to tell what is new in the next one.
public struct AlertMarks: Equatable, Sendable {
    var criticalWaiting: [QueueKey: Int]
    var newestCriticalID: Int64
    /// Tasks the ticker shows at level 2.
    var levelTwo: Set<Int64>

    init(_ overview: DashboardOverview) {
        criticalWaiting = Dictionary(overview.queues.map { ($0.key, $0.criticalWaiting) }, uniquingKeysWith: max)
        newestCriticalID = overview.newestCriticalWaitingID ?? 0
        levelTwo = Set(overview.ticker.filter { $0.level == 2 }.map(\.taskID))
    }
}

/// A new critical result or a level-2 escalation flashes the board and rings the bell.
enum BoardAlerts {
    /// How long the board's totals flash.
    static let flashFor: TimeInterval = 10

    /// Compares `overview` with the one before; news flashes the board and rings as `[ui] bell` says.
    /// The first overview is the baseline: what was there at start is not news.
    static func observe(_ overview: DashboardOverview, in state: inout DashboardState) {
        let marks = AlertMarks(overview)
        defer { state.alertMarks = marks }
        guard let previous = state.alertMarks else { return }
        var news: [String] = []
        // A queue whose unacknowledged criticals rose names where; a newer critical anywhere (one
        // arrived while another was acknowledged) still counts.
        let rose = overview.queues.filter { $0.criticalWaiting > previous.criticalWaiting[$0.key, default: 0] }
        if !rose.isEmpty || marks.newestCriticalID > previous.newestCriticalID {
            news.append(names("New critical result", rose.map(\.name)))
        }
        let levelTwo = overview.ticker.filter { $0.level == 2 && !previous.levelTwo.contains($0.taskID) }
        if !levelTwo.isEmpty { news.append(names("Level 2 escalation", levelTwo.map(\.queueName))) }
        guard !news.isEmpty else { return }
        // Only the board flashes: news that came while a queue was on show is not news when the
        // board opens later.
        if state.showsBoard {
            state.alert = BoardAlert(text: news.joined(separator: " · "), until: state.now.addingTimeInterval(flashFor))
        }
        if rings(state) { state.bells &+= 1 }
    }

    /// True while the alert is on and this tick draws it lit (it alternates each second).
    static func isLit(_ state: DashboardState) -> Bool {
        guard let alert = state.alert, state.now < alert.until else { return false }
        let shown = state.now.timeIntervalSince(alert.until.addingTimeInterval(-flashFor))
        return Int(shown.rounded(.down)) % 2 == 0
    }

    private static func rings(_ state: DashboardState) -> Bool {
        switch state.settings.bell {
        case .never: return false
        case .always: return true
        case .board: return state.showsBoard
        }
    }

    /// "New critical result: Dr Ada Chen, Unassigned" (queue names only: the wall shows no patient).
    private static func names(_ what: String, _ queues: [String]) -> String {
        var unique: [String] = []
        for name in queues where !unique.contains(name) { unique.append(name) }
        return unique.isEmpty ? what : "\(what): " + unique.prefix(3).joined(separator: ", ")
            + (unique.count > 3 ? " +\(unique.count - 3)" : "")
    }
}
