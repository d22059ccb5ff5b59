import Testing
@testable import CareQueueStore

@Suite("PID-7 as a date")
struct BirthDateTests {
    @Test("PID-7 shows as YYYY-MM-DD when it parses, else as sent", arguments: [
        ("19800102", "1980-01-02"),
        ("198001021230", "1980-01-02"),
        ("19800102123045.5-0500", "1980-01-02"),
        ("198001", "198001"),
        ("19801302", "19801302"),
        ("19800230", "19800230"),
        ("unknown", "unknown"),
        ("", ""),
    ])
    func birthDate(sent: String, shown: String) {
        #expect(BirthDate.display(sent) == shown)
    }
}
