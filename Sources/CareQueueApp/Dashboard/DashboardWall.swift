import CareQueueCore
import CareQueueTUI
import Foundation

/// How a session's screen starts and whether it may change data.
public struct DashboardWall: Sendable {
    public var opensOnBoard = false
    public var readOnly = false
    /// The kiosk wall board: the board only, counts and provider names, no key but Ctrl-C.
    public var kiosk = false

    public init(opensOnBoard: Bool = false, readOnly: Bool = false, kiosk: Bool = false) {
        self.opensOnBoard = opensOnBoard
        self.readOnly = readOnly
        self.kiosk = kiosk
    }

    /// `settings` with the wall choices, the clinic's silent-feed watchdog and its calendar (for
    /// callbacks); the kiosk is a read-only board.
    public func settings(_ settings: DashboardSettings, clinic: CareQueueConfig.Clinic) -> DashboardSettings {
        var settings = settings
        settings.opensOnBoard = opensOnBoard || kiosk
        settings.readOnly = readOnly || kiosk
        settings.kiosk = kiosk
        settings.watchdog = FeedWatchdog(clinic: clinic, timeZone: settings.timeZone)
        settings.clinicCalendar = ClinicCalendar(clinic, timeZone: settings.timeZone)
        return settings
    }

    /// The actions to run: on a read-only screen, none reach the store even if a key slipped through.
    public static func actions(_ actions: any DashboardWrites, settings: DashboardSettings) -> any DashboardWrites {
        settings.readOnly ? RefusingActions() : actions
    }
}

/// Refuses every action: the read-only wall screen's store writer. It claims nothing either: a
/// wall screen showing a task is not someone working on it.
public struct RefusingActions: DashboardWrites {
    static let refusal = ActionOutcome.refused("read-only wall screen: nothing can be changed here")

    public func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        Self.refusal
    }

    public func undoLatestAction(onTask id: Int64, by user: String, at now: Date) -> ActionOutcome { Self.refusal }

    public func reopen(task id: Int64, note: String, by user: String, at now: Date) -> ActionOutcome { Self.refusal }

    public func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) -> ActionOutcome { Self.refusal }

    public func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                                     at now: Date) -> ActionOutcome { Self.refusal }

    public func claim(task id: Int64, by user: String, at now: Date, purpose: ClaimPurpose) {}

    public func perform(_ action: ReviewAction, onMessage id: Int64, by user: String, at now: Date) -> ReviewActionOutcome {
        .refused("read-only wall screen: nothing can be changed here")
    }
}
