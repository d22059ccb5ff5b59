import Foundation

/// HL7 DTM timestamps with a UTC offset, as MSH-7 of an ACK carries them.
public enum HL7Timestamp {
    /// `YYYYMMDDHHMMSS±ZZZZ` for `date` in `timeZone` (`20240314153000-0500`).
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let (days, secondOfDay) = CivilDate.daysAndSecond(secondsSince1970: seconds)
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = abs(offset) / 60
        // Concatenated by hand, no intermediate array: this runs for every ACK.
        return ZeroPadding.padded(year, to: 4) + ZeroPadding.padded(month, to: 2) + ZeroPadding.padded(day, to: 2)
            + ZeroPadding.padded(secondOfDay / 3600, to: 2) + ZeroPadding.padded(secondOfDay % 3600 / 60, to: 2)
            + ZeroPadding.padded(secondOfDay % 60, to: 2)
            + sign + ZeroPadding.padded(offsetMinutes / 60, to: 2) + ZeroPadding.padded(offsetMinutes % 60, to: 2)
    }
}
