import HL7
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("known days since 1970", arguments: [
        (0, 1970, 1, 1), (-1, 1969, 12, 31), (11_017, 2000, 3, 1), (19_782, 2024, 2, 29),
        (-135_140, 1600, 1, 1), (2_932_896, 9999, 12, 31),
    ])
    func known(_ days: Int, _ year: Int, _ month: Int, _ day: Int) {
        #expect(CivilDate.date(daysSince1970: days) == (year, month, day))
        #expect(CivilDate.days(year: year, month: month, day: day) == days)
    }

    @Test("every day from 1600 to 2400 round-trips, and consecutive days are one apart")
    func roundTrip() {
        var previous = CivilDate.date(daysSince1970: -135_141)
        var wrong: [Int] = []
        for days in -135_140...157_000 {
            let date = CivilDate.date(daysSince1970: days)
            let next = date.day == 1 || (date.day == previous.day + 1 && date.month == previous.month)
            if CivilDate.days(year: date.year, month: date.month, day: date.day) != days || !next { wrong.append(days) }
            previous = date
        }
        #expect(wrong.isEmpty)
    }

    @Test("seconds split into days rounded down and a second of the day", arguments: [
        (0, 0, 0), (86_399, 0, 86_399), (86_400, 1, 0), (-1, -1, 86_399), (-86_400, -1, 0), (-86_401, -2, 86_399),
    ])
    func split(_ seconds: Int, _ days: Int, _ second: Int) {
        #expect(CivilDate.daysAndSecond(secondsSince1970: seconds) == (days, second))
    }
}
