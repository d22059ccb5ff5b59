import Foundation
import CareQueueCore
import CareQueueTUI

extension FeedWatchdog {
    /// The silent-feed watchdog `[clinic]` asks for: its hours and `silent_after`.
    public init(clinic: CareQueueConfig.Clinic, timeZone: TimeZone) {
        self.init(hours: clinic.hours.flatMap(ClinicHours.init(parsing:)), silentAfter: clinic.silentAfter, timeZone: timeZone)
    }
}
