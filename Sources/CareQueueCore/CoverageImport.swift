import Foundation

/// Reads `coverage import` files: `provider_npi,covering_npi,starts_at,ends_at`.
public enum CoverageImport {
    /// The header's columns (any order).
    public static let columns = ["provider_npi", "covering_npi", "starts_at", "ends_at"]

    /// The coverage rows in `text`, or every problem in it at once (nothing is imported on error).
    ///
    /// Both NPIs must be in `knownNPIs` (the roster); times without an offset are local to `timeZone`.
    public static func parse(text: String, file: String, knownNPIs: Set<String>,
                             timeZone: TimeZone) throws(FileLineErrors) -> [Coverage] {
        let (table, indexes) = try importTable(text: text, file: file, columns: columns)
        var problems = ImportProblems(file: file)
        var rows: [Coverage] = []

        for record in table.records {
            guard record.fields.count == table.header.fields.count else {
                problems.add("expected \(table.header.fields.count) fields, found \(record.fields.count)", line: record.line)
                continue
            }
            let provider = record.value("provider_npi", in: indexes)
            let covering = record.value("covering_npi", in: indexes)
            var usable = true
            for (npi, label) in [(provider, "provider NPI"), (covering, "covering NPI")] {
                if let problem = NPI.problem(npi, label: label) {
                    problems.add(problem, line: record.line)
                    usable = false
                } else if !knownNPIs.contains(npi) {
                    problems.add("\(label) \(npi) is not on the roster", line: record.line)
                    usable = false
                }
            }
            if !provider.isEmpty && provider == covering {
                problems.add("NPI \(provider) cannot cover for itself", line: record.line)
                usable = false
            }
            let startsAt = time(record.value("starts_at", in: indexes), column: "starts_at", timeZone: timeZone,
                                line: record.line, problems: &problems)
            let endsAt = time(record.value("ends_at", in: indexes), column: "ends_at", timeZone: timeZone,
                              line: record.line, problems: &problems)
            guard let startsAt, let endsAt else { continue }
            guard endsAt > startsAt else {
                problems.add("ends_at must be after starts_at", line: record.line)
                continue
            }
            if usable {
                rows.append(Coverage(providerNPI: provider, coveringNPI: covering, startsAt: startsAt, endsAt: endsAt))
            }
        }
        try problems.throwIfAny()
        return rows
    }

    private static func time(_ text: String, column: String, timeZone: TimeZone, line: Int,
                             problems: inout ImportProblems) -> Date? {
        guard !text.isEmpty else {
            problems.add("missing \(column)", line: line)
            return nil
        }
        guard let instant = ISO8601Input.parse(text, timeZone: timeZone) else {
            problems.add("\(column) '\(text)' is not an ISO 8601 time such as 2026-03-01T08:00, 2026-03-01T08:00:00Z or 2026-03-01", line: line)
            return nil
        }
        return instant
    }
}
