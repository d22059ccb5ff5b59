import ArgumentParser
import CareQueueCore
import CareQueueTUI
import Foundation

/// `--board` and `--read-only`: the dashboard as a wall screen for the charge nurse.
struct DashboardWallOptions: ParsableArguments {
    @Flag(help: "Open on the charge-nurse board (queue × tier, most overdue first).")
    var board = false

    @Flag(help: "A wall screen: no key changes data (ack, attempt, close, reassign and tagging are refused).")
    var readOnly = false

    var wall: DashboardWall { DashboardWall(opensOnBoard: board, readOnly: readOnly) }
}

/// How a session's screen starts and whether it may change data.
struct DashboardWall: Sendable {
    var opensOnBoard = false
    var readOnly = false

    /// `settings` with the wall choices and the clinic's silent-feed watchdog.
    func settings(_ settings: DashboardSettings, clinic: CareQueueConfig.Clinic) -> DashboardSettings {
        var settings = settings
        settings.opensOnBoard = opensOnBoard
        settings.readOnly = readOnly
        settings.watchdog = FeedWatchdog(hours: clinic.hours.flatMap(ClinicHours.init(parsing:)),
                                         silentAfter: clinic.silentAfter, timeZone: settings.timeZone)
        return settings
    }

    /// The actions to run: on a read-only screen, none reach the store even if a key slipped through.
    static func actions(_ actions: any TaskActions, settings: DashboardSettings) -> any TaskActions {
        settings.readOnly ? RefusingActions() : actions
    }
}

/// Refuses every action: the read-only wall screen's store writer.
struct RefusingActions: TaskActions {
    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        .refused("read-only wall screen: nothing can be changed here")
    }
}
