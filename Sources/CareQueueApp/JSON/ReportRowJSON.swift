import CareQueueCore
import Foundation

/// One queue's line of `report --json`; the keys are `QueueReport.Row.columns`, the CSV header.
public struct ReportRowJSON: Encodable {
    public let row: QueueReport.Row

    public init(_ row: QueueReport.Row) { self.row = row }

    enum CodingKeys: String, CodingKey {
        case providerNPI = "provider_npi", provider, open, overdue, criticalOpen = "critical_open", escalated
        case oldestAgeSeconds = "oldest_age_s", medianAgeSeconds = "median_age_s"
        case withinWindowRate = "within_window_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(row.providerNPI, forKey: .providerNPI)
        try container.encode(row.provider, forKey: .provider)
        try container.encode(row.open, forKey: .open)
        try container.encode(row.overdue, forKey: .overdue)
        try container.encode(row.criticalOpen, forKey: .criticalOpen)
        try container.encode(row.escalated, forKey: .escalated)
        try container.encode(row.oldestAgeSeconds, forKey: .oldestAgeSeconds)
        try container.encode(row.medianAgeSeconds, forKey: .medianAgeSeconds)
        try container.encode(row.withinWindowRate, forKey: .withinWindowRate)
    }
}
