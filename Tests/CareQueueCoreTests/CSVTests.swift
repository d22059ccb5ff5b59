import Testing
import CareQueueCore
import TestSupport

@Suite("CSV")
struct CSVTests {
    struct Parsed: Sendable, Equatable {
        var header: [String]
        var records: [CSVRecord]
    }

    static func record(_ line: Int, _ fields: String...) -> CSVRecord { CSVRecord(line: line, fields: fields) }

    @Test("parses", arguments: [
        Named("plain rows", "a,b\n1,2\n3,4\n",
              Parsed(header: ["a", "b"], records: [record(2, "1", "2"), record(3, "3", "4")])),
        Named("no final line end", "a,b\n1,2",
              Parsed(header: ["a", "b"], records: [record(2, "1", "2")])),
        Named("CRLF", "a,b\r\n1,2\r\n3,4\r\n",
              Parsed(header: ["a", "b"], records: [record(2, "1", "2"), record(3, "3", "4")])),
        Named("CRLF without a final line end", "a,b\r\n1,2",
              Parsed(header: ["a", "b"], records: [record(2, "1", "2")])),
        Named("quoted comma", "npi,name\n1,\"Patel, Anika\"\n",
              Parsed(header: ["npi", "name"], records: [record(2, "1", "Patel, Anika")])),
        Named("doubled quotes", "a\n\"say \"\"hi\"\"\"\n",
              Parsed(header: ["a"], records: [record(2, "say \"hi\"")])),
        Named("newline inside quotes moves later line numbers", "a,b\n\"one\ntwo\",x\n3,4\n",
              Parsed(header: ["a", "b"], records: [record(2, "one\ntwo", "x"), record(4, "3", "4")])),
        Named("CRLF inside quotes is kept", "a\r\n\"x\r\ny\"\r\nz\r\n",
              Parsed(header: ["a"], records: [record(2, "x\r\ny"), record(4, "z")])),
        Named("empty fields", "a,b,c\n,,\n1,,3\n",
              Parsed(header: ["a", "b", "c"], records: [record(2, "", "", ""), record(3, "1", "", "3")])),
        Named("empty quoted field", "a,b\n\"\",2\n",
              Parsed(header: ["a", "b"], records: [record(2, "", "2")])),
        Named("trailing comma is an empty last field", "a,b\n1,\n",
              Parsed(header: ["a", "b"], records: [record(2, "1", "")])),
        Named("blank lines are skipped and counted", "\na,b\n\n1,2\n\n\n3,4\n\n",
              Parsed(header: ["a", "b"], records: [record(4, "1", "2"), record(7, "3", "4")])),
        Named("byte order mark", "\u{FEFF}a,b\n1,2\n",
              Parsed(header: ["a", "b"], records: [record(2, "1", "2")])),
        Named("UTF-8 text", "name\nMüller-Lüdenscheidt 患者\n",
              Parsed(header: ["name"], records: [record(2, "Müller-Lüdenscheidt 患者")])),
        Named("spaces are kept", "a, b\n 1 ,2\n",
              Parsed(header: ["a", " b"], records: [record(2, " 1 ", "2")])),
        Named("ragged rows are returned as they are", "a,b\n1\n1,2,3\n",
              Parsed(header: ["a", "b"], records: [record(2, "1"), record(3, "1", "2", "3")])),
        Named("header only", "a,b\n", Parsed(header: ["a", "b"], records: [])),
        Named("quoted header", "\"a\",\"b,c\"\n1,2\n",
              Parsed(header: ["a", "b,c"], records: [record(2, "1", "2")])),
        Named("lone carriage return stays in the field", "a\nx\ry\n",
              Parsed(header: ["a"], records: [record(2, "x\ry")])),
    ])
    func parses(_ row: Named<String, Parsed>) throws {
        let table = try CSV.parse(row.input, file: "f.csv")
        #expect(Parsed(header: table.header.fields, records: table.records) == row.expected)
    }

    @Test("the header keeps its line")
    func headerLine() throws {
        #expect(try CSV.parse("\n\na,b\n", file: "f.csv").header == CSVRecord(line: 3, fields: ["a", "b"]))
    }

    @Test("malformed files name the line", arguments: [
        Named("unterminated quote names the line it opened on", "a,b\n1,2\n3,\"open\nmore\n", "f.csv:3: unterminated quoted field"),
        Named("quote inside an unquoted field", "a,b\n1,2\n3,ab\"c\n",
              "f.csv:3: quote inside an unquoted field (quote the whole field and write \"\" for the quote)"),
        Named("text after a closing quote", "a,b\n\"x\"y,2\n",
              "f.csv:2: unexpected text after a closing quote (write \"\" for a quote inside a quoted field)"),
        Named("line after a multi-line field", "a\n\"1\n2\"\n\"x\"y\n",
              "f.csv:4: unexpected text after a closing quote (write \"\" for a quote inside a quoted field)"),
        Named("empty file", "", "f.csv: no header row (the file is empty)"),
        Named("only blank lines", "\n\r\n\n", "f.csv: no header row (the file is empty)"),
        Named("only a byte order mark", "\u{FEFF}", "f.csv: no header row (the file is empty)"),
    ])
    func malformed(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineError.self) { try CSV.parse(row.input, file: "f.csv") }
        #expect(error?.description == row.expected)
    }

    @Test("columns are found by name in any order, ignoring case and spaces")
    func columnIndexes() throws {
        let table = try CSV.parse(" Role ,NPI,name,supervisor_npi\n", file: "f.csv")
        let indexes = try table.columnIndexes(["npi", "name", "role", "supervisor_npi"], file: "f.csv")
        #expect(indexes == ["role": 0, "npi": 1, "name": 2, "supervisor_npi": 3])
    }

    @Test("a header with other columns is refused", arguments: [
        Named("missing column", "npi,name,role\n",
              "f.csv:1: missing column supervisor_npi; the header must be npi,name,role,supervisor_npi"),
        Named("missing columns", "npi\n",
              "f.csv:1: missing columns name, role, supervisor_npi; the header must be npi,name,role,supervisor_npi"),
        Named("unknown column", "npi,name,role,supervisor_npi,email\n",
              "f.csv:1: unknown column 'email'; the header must be npi,name,role,supervisor_npi"),
        Named("repeated column", "npi,name,role,supervisor_npi,NPI\n",
              "f.csv:1: column 'npi' appears twice; the header must be npi,name,role,supervisor_npi"),
        Named("misspelt column", "npi,name,role,supervisor\n",
              "f.csv:1: missing column supervisor_npi; unknown column 'supervisor'; the header must be npi,name,role,supervisor_npi"),
    ])
    func badHeader(_ row: Named<String, String>) throws {
        let table = try CSV.parse(row.input, file: "f.csv")
        let error = #expect(throws: FileLineError.self) {
            try table.columnIndexes(["npi", "name", "role", "supervisor_npi"], file: "f.csv")
        }
        #expect(error?.description == row.expected)
    }
}
