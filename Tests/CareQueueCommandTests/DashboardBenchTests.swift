import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing
import TestSupport
@testable import carequeue

@Suite("bench dashboard: the store it builds and the figures it reports")
struct DashboardBenchTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("nearest-rank percentiles: p50 and p99 of 1…100 are 50 and 99; one sample is every percentile")
    func percentiles() {
        let summary = LatencySummary((1...100).map(Double.init).shuffled())
        #expect(summary == LatencySummary(count: 100, p50: 50, p99: 99, max: 100))
        #expect(LatencySummary([7]) == LatencySummary(count: 1, p50: 7, p99: 7, max: 7))
        #expect(LatencySummary([]).p99 == 0)
        #expect(LatencySummary([1, 2, 3, 1000]).p99 == 1000)
    }

    @Test("the mix is reproducible, mostly routine with a few critical, and accented")
    func mix() {
        let mix = DashboardBenchMix()
        let rows = (0..<10_000).map { mix.row($0, now: Self.now) }
        #expect(rows == (0..<10_000).map { mix.row($0, now: Self.now) })
        let critical = rows.filter { $0.urgency == .critical }.count
        let abnormal = rows.filter { $0.urgency == .abnormal }.count
        #expect((150...350).contains(critical))
        #expect((2_400...3_100).contains(abnormal))
        #expect(rows.contains { $0.family == "Nguyễn" } && rows.contains { $0.given == "José" })
        #expect(rows.allSatisfy { ($0.dueAt == nil) == ($0.status == .acknowledged) })
        #expect(Set(rows.map(\.mrn)).count < rows.count, "patients come back for several results")
        #expect(DashboardBenchMix.roster.allSatisfy { NPI.isValid($0.npi) })
    }

    @Test("the built store holds N open tasks over every provider and Unassigned, tiers as mixed", arguments: StoreKind.available)
    func store(kind: StoreKind) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-dash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database: CareQueueDatabase
        switch kind {
        case .sqlite:
            let path = folder.appendingPathComponent("bench.sqlite").path
            try DashboardBenchStore.build(at: path, open: 3_000, now: Self.now)
            try DashboardBenchStore.addClosed(at: path, count: 500, now: Self.now)
            database = try CareQueueDatabase(path: path, access: .existing)
        case .postgres:
            database = try StoreKind.openPostgres(try StoreKind.freshPostgresURL())
            try DashboardBenchStore.build(postgres: database, open: 3_000, now: Self.now)
            try DashboardBenchStore.addClosed(to: database, count: 500, now: Self.now)
        }
        let counts = try database.queueCounts(at: Self.now)
        #expect(counts.reduce(0) { $0 + $1.open } == 3_000)
        #expect(counts.contains { $0.providerNPI == nil })
        #expect(counts.count == DashboardBenchMix.providerNames.count + 1)
        let mix = DashboardBenchMix()
        let expectedCritical = (0..<3_000).filter { mix.row($0, now: Self.now).urgency == .critical }.count
        #expect(counts.reduce(0) { $0 + $1.critical } == expectedCritical)
        let page = try database.queueWindow(assignedNPI: DashboardBenchMix.npi(0), at: Self.now, limit: 5, offset: 0)
        #expect(page.tasks.count == 5 && page.tasks.allSatisfy { !$0.observations.isEmpty })
        let mrn = try database.openTaskIDs(matching: "MRN", offset: 0, limit: 1, at: Self.now)
        #expect(mrn.total == PatientMatches.countLimit && mrn.totalIsLowerBound, "every open task, counted to the limit")
        let jose = try database.openTaskIDs(matching: "jose", offset: 0, limit: 1, at: Self.now)
        let joses = (0..<3_000).filter { mix.row($0, now: Self.now).given == "José" }.count
        #expect(jose.total == joses && !jose.totalIsLowerBound, "accents folded, closed tasks left out")
    }

    @Test("the idle child's line reads back as what it printed")
    func idleLine() throws {
        let result = DashboardIdleProbe.Result(cpuSeconds: 0.12, wallSeconds: 10.01, residentKB: 41_000,
                                               peakResidentKB: 45_000, frames: 11)
        #expect(DashboardIdleProbe.Result(line: Substring(result.line)) == result)
        #expect(DashboardIdleProbe.Result(line: "listening on 127.0.0.1:1") == nil)
    }
}
