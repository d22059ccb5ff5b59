import Foundation

/// Reads `roster import` files: `npi,name,role,supervisor_npi`, optionally `login`, `coordinators` and `active`.
public enum RosterImport {
    /// The header's columns (any order).
    public static let columns = ["npi", "name", "role", "supervisor_npi"]
    /// Columns a header may add.
    public static let optionalColumns = ["login", "coordinators", "active"]

    /// A roster file's rows, and whether it says anything about logins.
    public struct Contents: Sendable, Equatable {
        public var providers: [Provider]
        /// False when the header has no `login` column: importing then leaves stored logins alone.
        public var namesLogins: Bool
        /// False when the header has no `coordinators` column: importing leaves stored ones alone.
        public var namesCoordinators: Bool
        /// False when the header has no `active` column: importing leaves who is retired alone.
        public var namesActive: Bool

        public init(providers: [Provider], namesLogins: Bool, namesCoordinators: Bool = false, namesActive: Bool = false) {
            self.providers = providers
            self.namesLogins = namesLogins
            self.namesCoordinators = namesCoordinators
            self.namesActive = namesActive
        }
    }

    /// The providers in `text`, or every problem in it at once (nothing is imported on error).
    ///
    /// `existing` holds NPIs already on the roster, which a supervisor may name besides this file's.
    public static func parse(text: String, file: String, existing: Set<String> = []) throws(FileLineErrors) -> [Provider] {
        try contents(text: text, file: file, existing: existing).providers
    }

    /// `parse`, also saying whether the file names logins. `loginsOnRoster` maps each login already
    /// on the roster to its NPI: a login may not move to another person unless this file also gives
    /// its holder another one.
    public static func contents(text: String, file: String, existing: Set<String> = [],
                                loginsOnRoster: [String: String] = [:]) throws(FileLineErrors) -> Contents {
        let (table, indexes) = try importTable(text: text, file: file, columns: columns, optional: optionalColumns)
        let namesLogins = indexes["login"] != nil
        var problems = ImportProblems(file: file)
        var providers: [Provider] = []
        var firstLineOfNPI: [String: Int] = [:]
        var firstLineOfLogin: [String: Int] = [:]
        var loginsToCheck: [(login: String, npi: String, line: Int)] = []
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
            let loginText = record.value("login", in: indexes)
            let coordinators = coordinatorLogins(record.value("coordinators", in: indexes), line: record.line,
                                                 problems: &problems)
            let active = activeFlag(record.value("active", in: indexes), line: record.line, problems: &problems)

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
            var login: String? = nil
            if !loginText.isEmpty {
                if let problem = LoginName.problem(loginText) {
                    problems.add(problem, line: record.line)
                } else if let first = firstLineOfLogin[loginText] {
                    problems.add("login '\(loginText)' is also on line \(first): one account names one person", line: record.line)
                } else {
                    firstLineOfLogin[loginText] = record.line
                    login = loginText
                    loginsToCheck.append((loginText, npi, record.line))
                }
            }
            if let role {
                providers.append(Provider(npi: npi, name: name, role: role, supervisorNPI: supervisor, login: login,
                                          coordinators: coordinators, active: active))
            }
        }
        // The login's holder keeps it unless this file gives the holder a login (or none) of its own.
        for (login, npi, line) in loginsToCheck {
            if let holder = loginsOnRoster[login], holder != npi, firstLineOfNPI[holder] == nil {
                problems.add("login '\(login)' already names NPI \(holder) on the roster", line: line)
            }
        }
        // A supervisor may be listed further down the file, so look them up once every row is read.
        for (npi, line) in supervisorsToFind where firstLineOfNPI[npi] == nil && !existing.contains(npi) {
            problems.add("supervisor NPI \(npi) is not in this file or on the roster", line: line)
        }
        try problems.throwIfAny()
        return Contents(providers: providers, namesLogins: namesLogins, namesCoordinators: indexes["coordinators"] != nil,
                        namesActive: indexes["active"] != nil)
    }

    /// The `active` field: true, false, yes, no, 1 or 0 (any case); empty means active.
    static func activeFlag(_ text: String, line: Int, problems: inout ImportProblems) -> Bool {
        switch text.lowercased() {
        case "", "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            problems.add("active '\(text)' must be true or false", line: line)
            return true
        }
    }

    /// The `coordinators` field's logins (space-separated), each once, in the order given; a bad
    /// one is a problem on `line`. A coordinator need not be on the roster yet.
    static func coordinatorLogins(_ text: String, line: Int, problems: inout ImportProblems) -> [String] {
        var logins: [String] = []
        for login in text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) where !logins.contains(login) {
            if let problem = LoginName.problem(login) {
                problems.add("coordinators: \(problem)", line: line)
            } else {
                logins.append(login)
            }
        }
        return logins
    }
}
