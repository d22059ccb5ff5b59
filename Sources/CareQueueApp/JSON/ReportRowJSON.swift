import CareQueueCore
import Foundation

/// One row of `report --json`; the keys are `QueueReport.Row.columns(grouping)`, the CSV header.
public struct ReportRowJSON: Encodable {
    public let row: QueueReport.Row

    public init(_ row: QueueReport.Row) { self.row = row }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch row.group {
        case .provider(let npi, let name):
            try container.encode(npi, forKey: Key("provider_npi"))
            try container.encode(QueueReport.Row.providerName(npi: npi, rosterName: name), forKey: Key("provider"))
            // As `tasks list --json` marks the Unassigned queue.
            try container.encode(npi == nil, forKey: Key("unassigned"))
        case .tier(let tier):
            try container.encode(tier, forKey: Key("tier"))
        case .coordinator(let login, let name):
            try container.encode(login, forKey: Key("coordinator"))
            try container.encode(name, forKey: Key("coordinator_name"))
        }
        try Self.encode(row.figureValues, named: QueueReport.Row.figureColumns, in: &container)
    }

    /// Figures under their column names, null where a figure has nothing to count.
    static func encode(_ values: [QueueReport.Row.Value], named names: some Sequence<String>,
                       in container: inout KeyedEncodingContainer<Key>) throws {
        for (name, value) in zip(names, values) {
            switch value {
            case .count(let count): try container.encode(count, forKey: Key(name))
            case .seconds(let seconds): try container.encode(seconds, forKey: Key(name))
            case .number(let number): try container.encode(number, forKey: Key(name))
            }
        }
    }
}
