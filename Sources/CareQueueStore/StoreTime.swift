import CareQueueCore
import Foundation

/// How the store writes instants: UTC ISO 8601 with `Z`, whole seconds (`2026-03-01T14:05:09Z`).
///
/// The text sorts chronologically, compares correctly in SQL and SQLite's date functions read it.
/// Sub-second parts are truncated, so a stored instant never lies in the future of the real one.
public enum StoreTime {
    /// `date` as stored (and as JSON shows it).
    public static func text(_ date: Date) -> String { Timestamp.iso(date) }

    /// The instant a stored text names; nil when it is not in the stored shape.
    public static func date(_ text: String) -> Date? { Timestamp.parse(text) }

    /// Truncates `date` to the whole second the store keeps.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
