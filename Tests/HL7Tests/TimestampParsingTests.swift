import Foundation
import HL7
import Testing

@Suite("HL7 DTM timestamps read as instants")
struct TimestampParsingTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let chicago = TimeZone(identifier: "America/Chicago")!

    static func iso(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test("every precision, with and without an offset")
    func precisions() {
        #expect(Self.iso(HL7Timestamp.parse("2026", defaultTimeZone: Self.utc)) == "2026-01-01T00:00:00Z")
        #expect(Self.iso(HL7Timestamp.parse("202603", defaultTimeZone: Self.utc)) == "2026-03-01T00:00:00Z")
        #expect(Self.iso(HL7Timestamp.parse("20260301", defaultTimeZone: Self.utc)) == "2026-03-01T00:00:00Z")
        #expect(Self.iso(HL7Timestamp.parse("2026030108", defaultTimeZone: Self.utc)) == "2026-03-01T08:00:00Z")
        #expect(Self.iso(HL7Timestamp.parse("202603010810", defaultTimeZone: Self.utc)) == "2026-03-01T08:10:00Z")
        #expect(Self.iso(HL7Timestamp.parse("20260301081015.1234", defaultTimeZone: Self.utc)) == "2026-03-01T08:10:15Z")
        #expect(Self.iso(HL7Timestamp.parse("20260301081015-0500", defaultTimeZone: Self.utc)) == "2026-03-01T13:10:15Z")
        #expect(Self.iso(HL7Timestamp.parse("202603010810+0130", defaultTimeZone: Self.utc)) == "2026-03-01T06:40:00Z")
    }

    @Test("no offset: the default zone's offset on that day (standard and daylight time)")
    func defaultZone() {
        #expect(Self.iso(HL7Timestamp.parse("202601150900", defaultTimeZone: Self.chicago)) == "2026-01-15T15:00:00Z")
        #expect(Self.iso(HL7Timestamp.parse("202607150900", defaultTimeZone: Self.chicago)) == "2026-07-15T14:00:00Z")
    }

    @Test("not a time: nil", arguments: ["", "abc", "20261301", "20260230", "2026030125", "202603010860", "2026030108101", "20260301-05", "20260301+05000", "2026.5"])
    func rejects(_ text: String) {
        #expect(HL7Timestamp.parse(text, defaultTimeZone: Self.utc) == nil)
    }
}
