import CareQueueCore
import Foundation
import Logging

/// One log line in either `[log] format`. Text from the network reaches a message already escaped
/// and capped (`UntrustedText.forLog`); the JSON form escapes it again as JSON needs, so each line
/// stays one object whatever the message holds.
public struct LogLine: Sendable, Equatable {
    public var time: Date
    public var level: Logger.Level
    /// The logger's label, e.g. `carequeue.listener`.
    public var component: String
    /// The message.
    public var event: String
    public var fields: [String: String]

    public init(time: Date, level: Logger.Level, component: String, event: String, fields: [String: String] = [:]) {
        self.time = time
        self.level = level
        self.component = component
        self.event = event
        self.fields = fields
    }

    public func rendered(as format: LogFormat) -> String {
        switch format {
        case .text:
            let details = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            return "\(Self.timeText(time)) \(level) \(component): \(event)\(details)"
        case .json:
            return Self.object([("time", JSONString.quoted(Self.timeText(time))), ("level", JSONString.quoted(level.rawValue)),
                                ("component", JSONString.quoted(component)), ("event", JSONString.quoted(event)),
                                ("fields", Self.object(fields.sorted { $0.key < $1.key }.map { ($0.key, JSONString.quoted($0.value)) }))])
        }
    }

    /// The listener's first line, which tools wait for: `listening on HOST:PORT`, or in JSON
    /// `{"event":"listening","address":"HOST:PORT",…}`.
    public static func listening(on address: String, component: String, at time: Date, as format: LogFormat) -> String {
        switch format {
        case .text: return "listening on \(address)"
        case .json:
            return object([("event", JSONString.quoted("listening")), ("address", JSONString.quoted(address)),
                           ("time", JSONString.quoted(timeText(time))), ("level", JSONString.quoted(Logger.Level.info.rawValue)),
                           ("component", JSONString.quoted(component)), ("fields", "{}")])
        }
    }

    /// The listener's second line: which release runs, on which database, with which configuration.
    public static func identity(version: String, database: String, configuration: String, component: String,
                                at time: Date, as format: LogFormat) -> String {
        switch format {
        case .text: return "carequeue \(version) · database \(database) · configuration \(configuration)"
        case .json:
            return object([("event", JSONString.quoted("started")), ("version", JSONString.quoted(version)),
                           ("database", JSONString.quoted(database)), ("configuration", JSONString.quoted(configuration)),
                           ("time", JSONString.quoted(timeText(time))), ("level", JSONString.quoted(Logger.Level.info.rawValue)),
                           ("component", JSONString.quoted(component)), ("fields", "{}")])
        }
    }

    /// `2026-03-01T14:05:09.123Z`: UTC, milliseconds to line events up with a sender's log.
    static func timeText(_ time: Date) -> String {
        let milliseconds = Int((time.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let padded = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return String(Timestamp.iso(time).dropLast()) + "." + padded + "Z"
    }

    /// `{"k":v,…}` in the given order; each value is JSON text already.
    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { JSONString.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
