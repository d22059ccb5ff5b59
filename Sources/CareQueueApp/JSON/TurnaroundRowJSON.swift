import CareQueueCore
import Foundation

/// One row of `report --by test --json`; the keys are `TurnaroundReport.Row.columns`, the CSV header.
public struct TurnaroundRowJSON: Encodable {
    public let row: TurnaroundReport.Row

    public init(_ row: TurnaroundReport.Row) { self.row = row }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ReportRowJSON.Key.self)
        let group = row.groupValues
        try container.encode(group.kind, forKey: .init("kind"))
        try container.encode(group.code, forKey: .init("test_code"))
        try container.encode(group.name, forKey: .init("test"))
        try ReportRowJSON.encode(row.figureValues, named: TurnaroundReport.Row.columns.dropFirst(3), in: &container)
    }
}
