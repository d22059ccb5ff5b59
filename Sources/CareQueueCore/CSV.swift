import Foundation

/// One CSV record and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based line of the record's first character (a quoted newline makes a record span lines).
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A CSV file: the header row and the records after it.
public struct CSVTable: Sendable, Equatable {
    public var header: CSVRecord
    public var records: [CSVRecord]

    public init(header: CSVRecord, records: [CSVRecord]) {
        self.header = header
        self.records = records
    }

    /// The position of each of `columns` in the header (names trimmed, case-insensitive, any order).
    ///
    /// Throws naming the missing, unknown or repeated columns, so a file must have exactly these.
    public func columnIndexes(_ columns: [String], optional: [String] = [], file: String) throws(FileLineError) -> [String: Int] {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var indexes: [String: Int] = [:]
        var complaints: [String] = []
        for (index, name) in names.enumerated() {
            if !columns.contains(name), !optional.contains(name) {
                complaints.append("unknown column '\(name)'")
            } else if indexes[name] != nil {
                complaints.append("column '\(name)' appears twice")
            } else {
                indexes[name] = index
            }
        }
        let missing = columns.filter { indexes[$0] == nil }
        if !missing.isEmpty {
            complaints.insert("missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))", at: 0)
        }
        guard complaints.isEmpty else {
            throw FileLineError(file: file, line: header.line,
                                message: "\(complaints.joined(separator: "; ")); the header must be \(columns.joined(separator: ","))"
                                    + (optional.isEmpty ? "" : " (optionally \(optional.joined(separator: ",")))"))
        }
        return indexes
    }
}

/// RFC 4180 CSV: a header row, `"quoted, fields"` with `""` for a quote and newlines inside quotes,
/// CRLF or LF line ends, an optional final line end and a tolerated UTF-8 byte order mark.
public enum CSV {
    /// Parses `text`; malformed quoting is an error naming `file` and the line. Empty lines are skipped.
    public static func parse(_ text: String, file: String) throws(FileLineError) -> CSVTable {
        let reader = CSVReader(text: text, file: file)
        let records = try reader.records()
        guard let header = records.first else {
            throw FileLineError(file: file, line: nil, message: "no header row (the file is empty)")
        }
        return CSVTable(header: header, records: Array(records.dropFirst()))
    }
}

private struct CSVReader {
    private enum State { case fieldStart, unquoted, quoted, afterClosingQuote }

    private let scalars: [Unicode.Scalar]
    private let file: String

    init(text: String, file: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.file = file
    }

    func records() throws(FileLineError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var recordStarted = false
        var quoteLine = 1
        var index = 0

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            if recordStarted {
                endField()
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = String.UnicodeScalarView()
            recordStarted = false
            state = .fieldStart
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let isLineEnd = scalar == "\n" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
            if !recordStarted && !isLineEnd {
                recordStarted = true
                recordLine = line
            }
            switch state {
            case .fieldStart, .unquoted, .afterClosingQuote:
                if isLineEnd {
                    endRecord()
                } else if scalar == "," {
                    endField()
                    state = .fieldStart
                } else if state == .afterClosingQuote {
                    throw FileLineError(file: file, line: line, message: "unexpected text after a closing quote (write \"\" for a quote inside a quoted field)")
                } else if scalar == "\"" {
                    guard state == .fieldStart else {
                        throw FileLineError(file: file, line: line, message: "quote inside an unquoted field (quote the whole field and write \"\" for the quote)")
                    }
                    state = .quoted
                    quoteLine = line
                } else {
                    field.append(scalar)
                    state = .unquoted
                }
            case .quoted:
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        state = .afterClosingQuote
                    }
                } else {
                    field.append(scalar)
                }
            }
            if scalar == "\r" && isLineEnd && state != .quoted {
                index += 1 // the "\n" of a CRLF outside quotes: the record already ended
            }
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        if state == .quoted {
            throw FileLineError(file: file, line: quoteLine, message: "unterminated quoted field")
        }
        endRecord()
        return records
    }
}
