import CareQueueCore
import Foundation

/// `status --json`: one object; instants as ISO 8601 `Z`, ages in whole seconds, absent values `null`.
public enum StatusJSON {
    public static func value(_ report: ServiceStatusReport) -> JSONValue {
        let now = report.checkedAt
        var object: [String: JSONValue] = [
            "status": .string(report.assessment.level.name),
            "exit_code": .integer(Int64(report.assessment.level.rawValue)),
            "problems": .array(report.assessment.problems.map(JSONValue.string)),
            "checked_at": instant(now),
            "version": .string(CareQueueVersion.current),
        ]
        guard let reading = report.reading else {
            object["database"] = .object(["path": .string(report.databasePath), "bytes": .null])
            for key in ["listener", "listeners", "messages", "review", "outbox", "feed"] { object[key] = .null }
            return .object(object)
        }
        let facts = reading.facts
        object["database"] = .object(["path": .string(report.databasePath), "bytes": .integer(reading.databaseBytes)])
        object["listener"] = listener(facts, at: now)
        object["listeners"] = .array(reading.listeners.map { listenerOfHost($0, at: now) })
        object["messages"] = .object([
            "today": counts(reading.messagesToday),
            "last_hour": counts(reading.messagesLastHour),
            "last_received_at": instant(reading.lastMessageAt),
            "last_age_seconds": seconds(reading.lastMessageAt.map { now.timeIntervalSince($0) }),
        ])
        object["review"] = .object(["depth": .integer(Int64(facts.reviewDepth))])
        let outbox = facts.outbox
        object["outbox"] = .object([
            "waiting": .integer(Int64(outbox.waiting)),
            "oldest_waiting_at": instant(outbox.oldestWaitingAt),
            "oldest_age_seconds": seconds(outbox.oldestWaitingAt.map { now.timeIntervalSince($0) }),
            "unreachable_since": instant(outbox.unreachableSince),
            "failed": .integer(Int64(outbox.failed)),
        ])
        object["feed"] = .object(["silent": .bool(facts.feedSilence != nil), "silent_seconds": seconds(facts.feedSilence)])
        return .object(object)
    }

    static func listener(_ facts: ServiceFacts, at now: Date) -> JSONValue {
        let state = facts.listenerState(at: now)
        let beat = facts.heartbeat
        let running = state == .running
        return .object([
            "state": .string(state.name),
            "address": beat.map { .string($0.address) } ?? .null,
            "pid": beat.map { .integer(Int64($0.pid)) } ?? .null,
            "started_at": instant(beat?.startedAt),
            "uptime_seconds": seconds(running ? beat.map { now.timeIntervalSince($0.startedAt) } : nil),
            "last_beat_at": instant(beat?.beatAt),
            "stopped_at": instant(beat?.stoppedAt),
            "tls_certificate_expires_at": instant(facts.certificateExpiresAt),
        ])
    }

    /// One entry of `listeners`: a host's heartbeat (`host` empty for a row from before heartbeats named theirs).
    static func listenerOfHost(_ beat: Heartbeat, at now: Date) -> JSONValue {
        let state = beat.state(at: now)
        return .object([
            "host": .string(beat.host),
            "state": .string(state.name),
            "address": .string(beat.address),
            "pid": .integer(Int64(beat.pid)),
            "started_at": instant(beat.startedAt),
            "uptime_seconds": seconds(state == .running ? now.timeIntervalSince(beat.startedAt) : nil),
            "last_beat_at": instant(beat.beatAt),
            "stopped_at": instant(beat.stoppedAt),
            "messages_today": .integer(Int64(beat.messagesToday)),
            "last_message_at": instant(beat.lastMessageAt),
        ])
    }

    /// `{"total": 12, "by_ack_code": {"AA": 11, "AE": 1}}`
    static func counts(_ byCode: [String: Int]) -> JSONValue {
        .object(["total": .integer(Int64(byCode.values.reduce(0, +))),
                 "by_ack_code": .object(byCode.mapValues { .integer(Int64($0)) })])
    }

    static func instant(_ date: Date?) -> JSONValue { date.map { .string(CLIJSON.instant($0)) } ?? .null }

    static func seconds(_ interval: TimeInterval?) -> JSONValue { interval.map { .integer(Int64(max(0, $0).rounded(.down))) } ?? .null }
}
