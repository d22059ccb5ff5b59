import CareQueueCore
import Foundation

/// A closed critical potassium, the event most sites will send, and the settings to send it with.
enum OutboundSamples {
    static let utc = TimeZone(identifier: "UTC")!
    static let chicago = TimeZone(identifier: "America/Chicago")!
    /// 2026-03-14 20:30:00 UTC.
    static let closedAt = Date(timeIntervalSince1970: 1_773_520_200)
    static let sentAt = closedAt.addingTimeInterval(12)

    static let pid = "PID|1||MRN0042^^^CQEHR^MR||Doe^Jane^Q||19700101|F|||12 Main St^^Springfield^IL^62701"

    static let result = OutboundEvent.Result(
        testCode: "24320-4", testText: "Basic metabolic panel", observationText: "Potassium", value: "6.8",
        units: "mmol/L", flags: ["HH"], placerNumber: "PL-1001", fillerNumber: "FL-2002", resultStatus: "F")

    static let close = OutboundEvent(
        kind: .close, taskID: 1042, at: closedAt,
        actor: OutboundEvent.Actor(label: "dreyes", npi: "1234567893", name: "Dana Reyes"),
        outcome: "reached", note: "Reached patient, advised ED.\nWill recheck BMP tomorrow.", result: result)

    static func settings(_ message: CareQueueConfig.Outbound.MessageType = .mdmT02, version: String = "2.5.1") -> CareQueueConfig.Outbound {
        var settings = CareQueueConfig.Outbound(host: "ehr.example", port: 6661)
        settings.message = message
        settings.version = version
        settings.sendingFacility = "EASTSIDE^2.16.840.1.113883.19.5^ISO"
        settings.receivingApplication = "EPIC"
        settings.receivingFacility = "EASTSIDE"
        return settings
    }

    static func encode(_ event: OutboundEvent = close, _ message: CareQueueConfig.Outbound.MessageType = .mdmT02,
                       version: String = "2.5.1") -> String {
        OutboundMessage.encode(event, originalPID: pid, settings: settings(message, version: version),
                               controlID: "CQ1042C", at: sentAt, timeZone: chicago)
    }
}
