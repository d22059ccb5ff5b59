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
        let date = [(year, 4), (month, 2), (day, 2), (secondOfDay / 3600, 2), (secondOfDay % 3600 / 60, 2),
                    (secondOfDay % 60, 2)]
        return date.map { ZeroPadding.padded($0, to: $1) }.joined()
            + sign + ZeroPadding.padded(offsetMinutes / 60, to: 2) + ZeroPadding.padded(offsetMinutes % 60, to: 2)
    }
}
