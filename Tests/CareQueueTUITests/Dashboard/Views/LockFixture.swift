import CareQueueCore
import CareQueueTUI
import Foundation

/// The fixture with the automatic lock on, and what a locked screen must not show.
enum LockFixture {
    static let account = "cqnurse"
    static let idleLock: TimeInterval = 60

    static var settings: DashboardSettings {
        var settings = DashboardFixture.settings
        settings.idleLock = idleLock
        settings.accountName = account
        return settings
    }

    /// Dr Chen's queue, loaded, second row selected, the lock armed.
    static func state(size: GridSize = GridSize(width: 120, height: 40), cursor: Int = 1,
                      settings: DashboardSettings = LockFixture.settings) -> DashboardState {
        ViewFixture.state(size: size, cursor: cursor, settings: settings)
    }

    /// The clock `seconds` after the fixture's start.
    static func at(_ seconds: TimeInterval) -> Date { DashboardFixture.now.addingTimeInterval(seconds) }

    /// `state` after a tick `seconds` after the start, with the effects it asked for.
    @discardableResult
    static func tick(_ seconds: TimeInterval, _ state: inout DashboardState) -> [DashboardEffect] {
        Dashboard.update(&state, .tick(at(seconds)))
    }

    /// The access events among `effects`, in order.
    static func accessEvents(_ effects: [DashboardEffect]) -> [AccessEvent] {
        effects.compactMap { effect in
            if case .recordAccess(let event) = effect { return event }
            return nil
        }
    }

    static var allTasks: [TaskListItem] {
        DashboardFixture.unassignedTasks + DashboardFixture.chenTasks + DashboardFixture.okaforTasks
    }

    /// Every word of two or more letters in a fixture patient's name, every MRN and test name, and every
    /// patient the ticker names: none may be on a locked or kiosk screen.
    static var patientWords: Set<String> {
        let names = allTasks.map(\.patient) + DashboardFixture.overview.ticker.map(\.patient)
        var words = Set(names.flatMap { name in
            name.split { !$0.isLetter }.map(String.init).filter { $0.count >= 2 }
        })
        words.formUnion(allTasks.map(\.mrn))
        words.formUnion(allTasks.map(\.test).map { String($0.prefix { $0.isLetter || $0 == " " }) })
        return words
    }

    /// The words of `patientWords` on `grid`.
    static func patientWords(on grid: CellGrid) -> [String] {
        let text = grid.lines.joined(separator: "\n")
        return patientWords.filter { text.contains($0) }.sorted()
    }
}
