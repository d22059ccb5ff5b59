/// A problem in an input file, printed as `config.toml:7: unterminated string`.
public struct FileLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line; nil when the problem concerns the whole file (missing, not UTF-8).
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Every problem found in one file, for imports that report all bad rows at once.
public struct FileLineErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// In line order.
    public var problems: [FileLineError]

    public init(_ problems: [FileLineError]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
