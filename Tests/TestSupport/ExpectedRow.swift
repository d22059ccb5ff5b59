import Foundation

/// One row of SampleData/EXPECTED.tsv: what CareQueue must do with one order (or one bad message).
public struct ExpectedRow: Sendable {
    public var file: String
    public var controlID: String
    public var ack: String
    public var mrn: String
    public var filler: String
    public var testCode: String
    public var urgency: String
    public var queueNPI: String?
    public var note: String

    public var isDuplicate: Bool { note.lowercased().contains("duplicate") }

    /// Rows of the manifest; `#` lines and the header are skipped.
    public static func load() throws -> [ExpectedRow] {
        let text = try String(contentsOf: TestPaths.sampleData.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        var rows: [ExpectedRow] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 8, cells[0] != "file" else { continue }
            rows.append(ExpectedRow(file: cells[0], controlID: cells[1], ack: cells[2], mrn: cells[3], filler: cells[4],
                                    testCode: cells[5], urgency: cells[6], queueNPI: cells[7] == "-" ? nil : cells[7],
                                    note: cells.count > 8 ? cells[8] : ""))
        }
        return rows
    }
}
