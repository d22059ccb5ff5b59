import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing
import TestSupport

/// `status` read from a real store: its JSON contract, and the TLS certificate's end of validity.
@Suite("Service status report")
struct ServiceStatusReportTests {
    /// A listener up for an hour whose feed spoke a minute ago: not silent whatever the time of day
    /// (the clinic's hours make an hour without messages a warning while it is open).
    static func running(_ store: TestStore, at now: Date) throws {
        try store.database.writeHeartbeat(Heartbeat(address: "127.0.0.1:2575", pid: 42, startedAt: now - 3600,
                                                    beatAt: now - 1, messagesToday: 1, lastMessageAt: now - 60))
    }

    @Test("status --json holds exactly the documented fields")
    func jsonFields() throws {
        let store = try TestStore()
        let now = Date()
        try Self.running(store, at: now)
        let report = ServiceStatusReport.read(databasePath: store.path, config: CareQueueConfig(), at: now)
        #expect(report.assessment == ServiceAssessment(level: .ok, problems: []))
        let data = try CLIJSON.encoder().encode(StatusJSON.value(report))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["status", "exit_code", "problems", "checked_at", "version", "database", "listener",
                                     "listeners", "messages", "review", "outbox", "feed"])
        #expect(Set((object["listener"] as? [String: Any] ?? [:]).keys) == [
            "state", "address", "pid", "started_at", "uptime_seconds", "last_beat_at", "stopped_at", "tls_certificate_expires_at",
        ])
        #expect((object["listener"] as? [String: Any])?["uptime_seconds"] as? Int == 3600)
        #expect(Set((object["messages"] as? [String: Any] ?? [:]).keys) == ["today", "last_hour", "last_received_at", "last_age_seconds"])
        #expect(Set((object["outbox"] as? [String: Any] ?? [:]).keys) == [
            "waiting", "oldest_waiting_at", "oldest_age_seconds", "unreachable_since", "failed",
        ])
        #expect(Set((object["feed"] as? [String: Any] ?? [:]).keys) == ["silent", "silent_seconds"])
        let listeners = try #require(object["listeners"] as? [[String: Any]])
        #expect(listeners.count == 1, "SQLite: one listener per file")
        #expect(Set(listeners[0].keys) == [
            "host", "state", "address", "pid", "started_at", "uptime_seconds", "last_beat_at", "stopped_at", "messages_today",
            "last_message_at",
        ])
        #expect(listeners[0]["host"] as? String == Heartbeat.thisHost && listeners[0]["state"] as? String == "running")
        #expect(StatusText.render(report).contains("\nlistener:  running on 127.0.0.1:2575, pid 42, up "))
    }

    @Test("listeners on two hosts of one PostgreSQL database: status names each, in text and JSON; the level follows the one running",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func twoHosts() throws {
        let url = try StoreKind.freshPostgresURL()
        let first = try StoreKind.openPostgres(url)
        let second = try StoreKind.openPostgres(url)
        let now = Date()
        try first.writeHeartbeat(Heartbeat(address: "10.0.0.5:2575", pid: 42, startedAt: now - 3600, beatAt: now - 1,
                                           messagesToday: 5, lastMessageAt: now - 30, host: "app1"))
        try second.writeHeartbeat(Heartbeat(address: "10.0.0.6:2575", pid: 43, startedAt: now - 600, beatAt: now - 2,
                                            messagesToday: 2, lastMessageAt: now - 20, host: "app2"))
        let report = try ServiceStatusReport.read(second, config: CareQueueConfig(), at: now)
        #expect(report.assessment == ServiceAssessment(level: .ok, problems: []))
        let text = StatusText.render(report)
        #expect(text.hasPrefix("CAREQUEUE OK - 2 listeners running: app1 10.0.0.5:2575, app2 10.0.0.6:2575 | "), "\(text)")
        #expect(text.contains("\nlistener:  app1: running on 10.0.0.5:2575, pid 42, up "), "\(text)")
        #expect(text.contains("\nlistener:  app2: running on 10.0.0.6:2575, pid 43, up "), "\(text)")

        var object = try Self.json(report)
        #expect((object["listener"] as? [String: Any])?["address"] as? String == "10.0.0.5:2575", "the latest beat")
        var listeners = try #require(object["listeners"] as? [[String: Any]])
        #expect(listeners.map { $0["host"] as? String } == ["app1", "app2"])
        #expect(listeners.map { $0["messages_today"] as? Int } == [5, 2])
        #expect(listeners.map { $0["uptime_seconds"] as? Int } == [3600, 600])

        // One host stops: the other still serves, so status stays OK and says who stopped.
        try first.markHeartbeatStopped(pid: 42, host: "app1", at: now)
        let oneLeft = try ServiceStatusReport.read(first, config: CareQueueConfig(), at: now + 1)
        #expect(oneLeft.assessment.level == .ok)
        #expect(StatusText.render(oneLeft).contains("\nlistener:  app1: stopped at "))
        object = try Self.json(oneLeft)
        #expect((object["listener"] as? [String: Any])?["address"] as? String == "10.0.0.6:2575", "the one running")
        listeners = try #require(object["listeners"] as? [[String: Any]])
        #expect(listeners.map { $0["state"] as? String } == ["running", "stopped"])
    }

    static func json(_ report: ServiceStatusReport) throws -> [String: Any] {
        let data = try CLIJSON.encoder().encode(StatusJSON.value(report))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("with TLS on: the certificate's end is shown; within certificate_warning it warns, once past it is critical",
          .enabled(if: TestCertificates.shouldRun))
    func certificate() throws {
        let store = try TestStore()
        let pki = try TestCertificates(in: store.directory.appendingPathComponent("pki"))
        let now = Date()
        try Self.running(store, at: now)
        func report(_ certificate: String, warnWithin days: Int) throws -> ServiceStatusReport {
            let config = try CareQueueConfig.parse(
                text: "[listener]\n" + pki.listenerSettings(certificate: certificate) + "[status]\ncertificate_warning = \"\(days)d\"\n",
                file: store.directory.appendingPathComponent("config.toml").path)
            return ServiceStatusReport.read(databasePath: store.path, config: config, at: now)
        }
        let fine = try report("server.pem", warnWithin: 14)
        #expect(fine.assessment.level == .ok, "\(fine.assessment)")
        let expiry = try #require(fine.reading?.facts.certificateExpiresAt)
        #expect(abs(expiry.timeIntervalSince(now) - 365 * 86_400) < 2 * 86_400, "the 365-day certificate: \(expiry)")
        #expect(StatusText.render(fine).contains("tls:       certificate valid until "))

        let soon = try report("server.pem", warnWithin: 400)
        #expect(soon.assessment.level == .warning)
        #expect(soon.assessment.problems.first?.hasPrefix("TLS certificate expires in ") == true, "\(soon.assessment)")

        let expired = try report("server-expired.pem", warnWithin: 14)
        #expect(expired.assessment.level == .critical)
        #expect(expired.assessment.problems.first?.hasPrefix("TLS certificate expired at ") == true, "\(expired.assessment)")
    }
}
