import Foundation

/// Collects every problem in an import, each with its line, so all bad rows are reported at once.
struct ImportProblems {
    let file: String
    private(set) var problems: [FileLineError] = []

    init(file: String) { self.file = file }

    mutating func add(_ message: String, line: Int) {
        problems.append(FileLineError(file: file, line: line, message: message))
    }

    /// Throws all problems in line order (rows in file order, each row's problems as found).
    func throwIfAny() throws(FileLineErrors) {
        guard !problems.isEmpty else { return }
        // `sorted` is not stable, so break ties by the order the problems were found.
        let ordered = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
        throw FileLineErrors(ordered.map(\.element))
    }
}

/// Reads an import file's CSV and checks its header, turning either failure into `FileLineErrors`.
func importTable(text: String, file: String, columns: [String],
                 optional: [String] = []) throws(FileLineErrors) -> (CSVTable, [String: Int]) {
    do {
        let table = try CSV.parse(text, file: file)
        return (table, try table.columnIndexes(columns, optional: optional, file: file))
    } catch {
        throw FileLineErrors([error])
    }
}

extension CSVRecord {
    /// The field in `column`, trimmed of surrounding whitespace.
    func value(_ column: String, in indexes: [String: Int]) -> String {
        guard let index = indexes[column], index < fields.count else { return "" }
        return fields[index].trimmingCharacters(in: .whitespaces)
    }
}

extension NPI {
    /// Why `candidate` is not a usable NPI ("NPI 1234567890 fails the check digit"), or nil if it is.
    public static func problem(_ candidate: String, label: String) -> String? {
        if candidate.isEmpty { return "missing \(label)" }
        guard candidate.utf8.count == 10, candidate.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return "\(label) \(candidate) is not 10 digits"
        }
        return isValid(candidate) ? nil : "\(label) \(candidate) fails the check digit"
    }
}
