import Foundation

/// Reads `roster import` files: `npi,name,role,supervisor_npi`.
public enum RosterImport {
    /// The header's columns (any order).
    public static let columns = ["npi", "name", "role", "supervisor_npi"]

    /// The providers in `text`, or every problem in it at once (nothing is imported on error).
    ///
    /// `existing` holds NPIs already on the roster, which a supervisor may name besides this file's.
    public static func parse(text: String, file: String, existing: Set<String> = []) throws(FileLineErrors) -> [Provider] {
        let (table, indexes) = try importTable(text: text, file: file, columns: columns)
        var problems = ImportProblems(file: file)
        var providers: [Provider] = []
        var firstLineOfNPI: [String: Int] = [:]
        var supervisorsToFind: [(npi: String, line: Int)] = []
        let validRoles = ProviderRole.allCases.map(\.rawValue).joined(separator: ", ")

        for record in table.records {
            guard record.fields.count == table.header.fields.count else {
                problems.add("expected \(table.header.fields.count) fields, found \(record.fields.count)", line: record.line)
                continue
            }
            let npi = record.value("npi", in: indexes)
            let name = record.value("name", in: indexes)
            let roleText = record.value("role", in: indexes)
            let supervisorText = record.value("supervisor_npi", in: indexes)

            if let problem = NPI.problem(npi, label: "NPI") {
                problems.add(problem, line: record.line)
            } else if let first = firstLineOfNPI[npi] {
                problems.add("duplicate NPI \(npi) (first on line \(first))", line: record.line)
            } else {
                firstLineOfNPI[npi] = record.line
            }
            if name.isEmpty { problems.add("empty name", line: record.line) }
            let role = ProviderRole(rawValue: roleText.lowercased())
            if role == nil {
                let found = roleText.isEmpty ? "missing role" : "unknown role '\(roleText)'"
                problems.add("\(found); valid roles: \(validRoles)", line: record.line)
            }
            var supervisor: String? = nil
            if !supervisorText.isEmpty {
                if let problem = NPI.problem(supervisorText, label: "supervisor NPI") {
                    problems.add(problem, line: record.line)
                } else if supervisorText == npi {
                    problems.add("NPI \(npi) names itself as its supervisor", line: record.line)
                } else {
                    supervisor = supervisorText
                    supervisorsToFind.append((supervisorText, record.line))
                }
            }
            if let role {
                providers.append(Provider(npi: npi, name: name, role: role, supervisorNPI: supervisor))
            }
        }
        // A supervisor may be listed further down the file, so look them up once every row is read.
        for (npi, line) in supervisorsToFind where firstLineOfNPI[npi] == nil && !existing.contains(npi) {
            problems.add("supervisor NPI \(npi) is not in this file or on the roster", line: line)
        }
        try problems.throwIfAny()
        return providers
    }
}
