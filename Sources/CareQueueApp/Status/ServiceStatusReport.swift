import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import NIOSSL

/// Everything `carequeue status` says, read once: from the heartbeat, the store and the configuration.
public struct ServiceStatusReport: Sendable {
    public var checkedAt: Date
    public var databasePath: String
    /// nil when there is no database to read (the level is then unknown).
    public var reading: Reading?
    public var assessment: ServiceAssessment

    /// What the store says, when it could be read.
    public struct Reading: Sendable {
        public var facts: ServiceFacts
        public var databaseBytes: Int64
        public var messagesToday: [String: Int]
        public var messagesLastHour: [String: Int]
        public var lastMessageAt: Date?
        /// Every listener's heartbeat, `facts.heartbeat` (the one the level is judged by) first:
        /// one on SQLite, one per host on PostgreSQL; empty when none ever ran.
        public var listeners: [Heartbeat] = []
    }

    /// Reads the database at `path` read-only (never creating or migrating it); a missing or
    /// unreadable one is an unknown status, not an error.
    /// The status of the store `store` names: a SQLite file as below, or a PostgreSQL database (every
    /// listener's heartbeat on every host); a store that cannot be read is an unknown status.
    public static func read(store: StoreLocation, config: CareQueueConfig, at now: Date,
                            timeZone: TimeZone = .current) -> ServiceStatusReport {
        switch store {
        case .sqlite(let path):
            return read(databasePath: path, config: config, at: now, timeZone: timeZone)
        case .postgres(let location):
            do {
                let database = try StoreAccess.openKeepingErrors(location, access: .readOnly, config: config)
                return try read(database, config: config, at: now, timeZone: timeZone)
            } catch StoreError.emptyDatabase {
                return unknown(location.redacted, at: now, "no CareQueue store in \(location.redacted)")
            } catch {
                return unknown(location.redacted, at: now, "cannot read \(location.redacted): \(error)")
            }
        }
    }

    public static func read(databasePath path: String, config: CareQueueConfig, at now: Date,
                            timeZone: TimeZone = .current) -> ServiceStatusReport {
        guard FileManager.default.fileExists(atPath: path) else {
            return unknown(path, at: now, "no database at \(path)")
        }
        do {
            let database = try StoreAccess.open(path, access: .readOnly, config: config)
            return try read(database, config: config, at: now, timeZone: timeZone)
        } catch {
            return unknown(path, at: now, "cannot read \(path): \(error)")
        }
    }

    /// Reads an open store (SQLite or PostgreSQL).
    public static func read(_ database: CareQueueDatabase, config: CareQueueConfig, at now: Date,
                            timeZone: TimeZone = .current) throws -> ServiceStatusReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let listeners = try database.heartbeats()
        let certificate = certificateExpiry(config.listener)
        var facts = ServiceFacts(heartbeat: listeners.first, certificateExpiresAt: try? certificate?.get(),
                                 reviewDepth: try database.reviewCount(), outbox: try database.outboxSummary())
        if case .failure(let problem)? = certificate { facts.certificateProblem = problem.description }
        // A silent feed matters only while something listens; a stopped listener is its own alarm.
        // With several listeners the feed is alive while any of them receives.
        let running = listeners.filter { $0.state(at: now) == .running }
        if facts.listenerState(at: now) == .running, !running.isEmpty {
            facts.feedSilence = FeedWatchdog(clinic: config.clinic, timeZone: timeZone)
                .silence(lastMessageAt: running.compactMap(\.lastMessageAt).max(),
                         listenerStartedAt: running.map(\.startedAt).min(), at: now)
        }
        let reading = Reading(facts: facts, databaseBytes: database.bytesOnDisk,
                              messagesToday: try database.messageCounts(since: calendar.startOfDay(for: now)),
                              messagesLastHour: try database.messageCounts(since: now.addingTimeInterval(-3600)),
                              lastMessageAt: try database.lastMessageReceivedAt(), listeners: listeners)
        return ServiceStatusReport(checkedAt: now, databasePath: database.path, reading: reading,
                                   assessment: ServiceHealth.assess(facts, thresholds: config.status, at: now))
    }

    /// A status that could not be read, and why.
    public static func unknown(_ path: String, at now: Date, _ problem: String) -> ServiceStatusReport {
        ServiceStatusReport(checkedAt: now, databasePath: path, reading: nil,
                            assessment: ServiceAssessment(level: .unknown, problems: [problem]))
    }

    /// The leaf certificate's end of validity; nil without TLS.
    private static func certificateExpiry(_ listener: CareQueueConfig.Listener) -> Result<Date, CommandFailure>? {
        guard listener.usesTLS, let path = listener.tlsCertificate else { return nil }
        return Result { () throws(CommandFailure) -> Date in
            let leaf = try PEMFiles.certificates(path, setting: "[listener] tls_certificate")[0]
            return Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        }
    }
}
