import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("Coverage import")
struct CoverageImportTests {
    static let known: Set<String> = [TestNPI.a, TestNPI.b, TestNPI.c]
    /// UTC-5 without daylight saving, so local times read as UTC plus five hours.
    static let zone = TimeZone(secondsFromGMT: -5 * 3600)!
    /// 2026-03-01T00:00:00Z
    static let march1 = 1_772_323_200.0

    static func at(_ offset: TimeInterval) -> Date { Date(timeIntervalSince1970: march1 + offset) }

    @Test("a good file, with every accepted time form")
    func goodFile() throws {
        let text = """
        provider_npi,covering_npi,starts_at,ends_at
        \(TestNPI.a),\(TestNPI.b),2026-03-01T08:00:00Z,2026-03-01T20:00:00Z
        \(TestNPI.a),\(TestNPI.c),2026-03-01T08:00+01:00,2026-03-01T09:30:00-05:00
        \(TestNPI.b),\(TestNPI.a),2026-03-01T08:00,2026-03-01 18:00:30
        \(TestNPI.c),\(TestNPI.a),2026-03-01,2026-03-03
        """
        let rows = try CoverageImport.parse(text: text, file: "coverage.csv", knownNPIs: Self.known, timeZone: Self.zone)
        #expect(rows == [
            Coverage(providerNPI: TestNPI.a, coveringNPI: TestNPI.b, startsAt: Self.at(8 * 3600), endsAt: Self.at(20 * 3600)),
            Coverage(providerNPI: TestNPI.a, coveringNPI: TestNPI.c, startsAt: Self.at(7 * 3600), endsAt: Self.at(14.5 * 3600)),
            Coverage(providerNPI: TestNPI.b, coveringNPI: TestNPI.a, startsAt: Self.at(13 * 3600), endsAt: Self.at(23 * 3600 + 30)),
            Coverage(providerNPI: TestNPI.c, coveringNPI: TestNPI.a, startsAt: Self.at(5 * 3600), endsAt: Self.at(2 * 86_400 + 5 * 3600)),
        ])
    }

    @Test("columns in another order")
    func otherOrder() throws {
        let text = "ends_at,starts_at,covering_npi,provider_npi\n2026-03-02,2026-03-01,\(TestNPI.b),\(TestNPI.a)\n"
        let rows = try CoverageImport.parse(text: text, file: "c.csv", knownNPIs: Self.known, timeZone: Self.zone)
        #expect(rows.map(\.coveringNPI) == [TestNPI.b])
    }

    @Test("every bad row is reported at once, in line order")
    func everyBadRow() {
        let text = """
        provider_npi,covering_npi,starts_at,ends_at
        \(TestNPI.a),\(TestNPI.b),2026-03-01T08:00Z,2026-03-01T20:00Z
        \(TestNPI.badCheck),\(TestNPI.d),2026-03-01T08:00Z,2026-03-01T20:00Z
        \(TestNPI.a),\(TestNPI.a),2026-03-01T08:00Z,2026-03-01T20:00Z
        \(TestNPI.a),\(TestNPI.b),2026-03-01T20:00Z,2026-03-01T08:00Z
        \(TestNPI.a),\(TestNPI.b),soon,
        \(TestNPI.a),\(TestNPI.b),2026-03-01

        """
        let error = #expect(throws: FileLineErrors.self) {
            try CoverageImport.parse(text: text, file: "coverage.csv", knownNPIs: Self.known, timeZone: Self.zone)
        }
        #expect(error?.description == """
        coverage.csv:3: provider NPI 1234567890 fails the check digit
        coverage.csv:3: covering NPI 9876543213 is not on the roster
        coverage.csv:4: NPI 1234567893 cannot cover for itself
        coverage.csv:5: ends_at must be after starts_at
        coverage.csv:6: starts_at 'soon' is not an ISO 8601 time such as 2026-03-01T08:00, 2026-03-01T08:00:00Z or 2026-03-01
        coverage.csv:6: missing ends_at
        coverage.csv:7: expected 4 fields, found 3
        """)
    }

    @Test("one bad row among good ones", arguments: [
        Named("unknown provider", "\(TestNPI.d),\(TestNPI.b),2026-03-01,2026-03-02", "c.csv:3: provider NPI 9876543213 is not on the roster"),
        Named("unknown covering provider", "\(TestNPI.a),\(TestNPI.e),2026-03-01,2026-03-02", "c.csv:3: covering NPI 1000000004 is not on the roster"),
        Named("covering NPI fails the check digit", "\(TestNPI.a),\(TestNPI.badCheck),2026-03-01,2026-03-02",
              "c.csv:3: covering NPI 1234567890 fails the check digit"),
        Named("provider NPI too short", "123,\(TestNPI.b),2026-03-01,2026-03-02", "c.csv:3: provider NPI 123 is not 10 digits"),
        Named("missing covering NPI", "\(TestNPI.a),,2026-03-01,2026-03-02", "c.csv:3: missing covering NPI"),
        Named("same person", "\(TestNPI.b),\(TestNPI.b),2026-03-01,2026-03-02", "c.csv:3: NPI 1111111112 cannot cover for itself"),
        Named("ends equal starts", "\(TestNPI.a),\(TestNPI.b),2026-03-01T08:00Z,2026-03-01T03:00", "c.csv:3: ends_at must be after starts_at"),
        Named("impossible date", "\(TestNPI.a),\(TestNPI.b),2026-02-30,2026-03-02",
              "c.csv:3: starts_at '2026-02-30' is not an ISO 8601 time such as 2026-03-01T08:00, 2026-03-01T08:00:00Z or 2026-03-01"),
        Named("missing start", "\(TestNPI.a),\(TestNPI.b),,2026-03-02", "c.csv:3: missing starts_at"),
    ])
    func oneBadRow(_ row: Named<String, String>) {
        let text = "provider_npi,covering_npi,starts_at,ends_at\n\(TestNPI.b),\(TestNPI.c),2026-03-01,2026-03-02\n\(row.input)\n"
        let error = #expect(throws: FileLineErrors.self) {
            try CoverageImport.parse(text: text, file: "c.csv", knownNPIs: Self.known, timeZone: Self.zone)
        }
        #expect(error?.description == row.expected)
    }

    @Test("a wrong header is refused")
    func badHeader() {
        let error = #expect(throws: FileLineErrors.self) {
            try CoverageImport.parse(text: "provider,covering,start,end\n", file: "c.csv", knownNPIs: Self.known, timeZone: Self.zone)
        }
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.line == 1)
        #expect(error?.problems.first?.message.hasPrefix("missing columns provider_npi, covering_npi, starts_at, ends_at;") == true)
    }
}
