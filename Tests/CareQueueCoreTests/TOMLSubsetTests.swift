import Testing
@testable import CareQueueCore
import TestSupport

@Suite("TOML subset")
struct TOMLSubsetTests {
    @Test("a file using every feature keeps values, order and line numbers")
    func wholeFile() throws {
        let text = """
        \u{FEFF}# carequeue settings
        title = "top"

        [listener]   # trailing comment on a header
        host = "0.0.0.0"  # trailing comment
        port = 2575
        ratio = -0.25
        debug = true
        ids = ["P", "T"]
        none = []

        [roles]
        age.overdue = "danger on default bold"
        quote = "say \\"hi\\" # not a comment \\\\ done"
        multi = [
          "2823-3",  # potassium
          "2951-2",
        ]
        after = false
        """
        let document = try TOMLDocument.parse(text, file: "t.toml")
        #expect(document.topLevel == [TOMLEntry(key: "title", value: .string("top"), line: 2)])
        #expect(document.sections.map(\.name) == ["listener", "roles"])
        #expect(document.sections.map(\.line) == [4, 12])
        #expect(document[section: "listener"]?.entries == [
            TOMLEntry(key: "host", value: .string("0.0.0.0"), line: 5),
            TOMLEntry(key: "port", value: .integer(2575), line: 6),
            TOMLEntry(key: "ratio", value: .decimal(-0.25), line: 7),
            TOMLEntry(key: "debug", value: .boolean(true), line: 8),
            TOMLEntry(key: "ids", value: .strings(["P", "T"]), line: 9),
            TOMLEntry(key: "none", value: .strings([]), line: 10),
        ])
        let roles = try #require(document[section: "roles"])
        #expect(roles["age.overdue"] == TOMLEntry(key: "age.overdue", value: .string("danger on default bold"), line: 13))
        #expect(roles["quote"]?.value == .string(#"say "hi" # not a comment \ done"#))
        #expect(roles["multi"] == TOMLEntry(key: "multi", value: .strings(["2823-3", "2951-2"]), line: 15))
        #expect(roles["after"] == TOMLEntry(key: "after", value: .boolean(false), line: 19))
        #expect(roles["missing"] == nil)
        #expect(document[section: "absent"] == nil)
    }

    @Test("CRLF line ends read like LF", arguments: ["\r\n", "\n"])
    func lineEnds(_ newline: String) throws {
        let text = ["[a]", "k = \"v\"", "", "n = 3"].joined(separator: newline) + newline
        let section = try #require(try TOMLDocument.parse(text, file: "t.toml")[section: "a"])
        #expect(section.entries == [TOMLEntry(key: "k", value: .string("v"), line: 2),
                                    TOMLEntry(key: "n", value: .integer(3), line: 4)])
    }

    @Test("the same key in two sections is fine")
    func sameKeyInTwoSections() throws {
        let document = try TOMLDocument.parse("[a]\nk = 1\n[b]\nk = 2\n", file: "t.toml")
        #expect(document[section: "a"]?["k"]?.value == .integer(1))
        #expect(document[section: "b"]?["k"]?.value == .integer(2))
    }

    @Test("values", arguments: [
        Named("string", #""hello""#, TOMLValue.string("hello")),
        Named("empty string", #""""#, .string("")),
        Named("escaped quote and backslash", #""a\"b\\c""#, .string(#"a"b\c"#)),
        Named("newline and tab escapes", #""a\nb\tc""#, .string("a\nb\tc")),
        Named("hash inside a string", ##""#d70000""##, .string("#d70000")),
        Named("UTF-8 text", #""Clínica Süd 患者""#, .string("Clínica Süd 患者")),
        Named("integer", "42", .integer(42)),
        Named("zero", "0", .integer(0)),
        Named("negative integer", "-7", .integer(-7)),
        Named("plus sign", "+7", .integer(7)),
        Named("decimal", "3.25", .decimal(3.25)),
        Named("negative decimal", "-0.5", .decimal(-0.5)),
        Named("exponent", "1e3", .decimal(1000)),
        Named("decimal with exponent", "2.5E-1", .decimal(0.25)),
        Named("true", "true", .boolean(true)),
        Named("false", "false", .boolean(false)),
        Named("empty array", "[]", .strings([])),
        Named("array with spaces", #"[ "a" , "b" ]"#, .strings(["a", "b"])),
        Named("array with trailing comma", #"["a",]"#, .strings(["a"])),
        Named("array holding an empty string", #"["", "N"]"#, .strings(["", "N"])),
        Named("array with a comma inside a string", #"["a,b", "]"]"#, .strings(["a,b", "]"])),
    ])
    func values(_ row: Named<String, TOMLValue>) throws {
        let document = try TOMLDocument.parse("[s]\nkey = \(row.input) # done\n", file: "t.toml")
        #expect(document[section: "s"]?["key"]?.value == row.expected)
    }

    @Test("errors name the file and line", arguments: [
        Named("unterminated string", "[a]\nk = \"abc\n", "t.toml:2: unterminated string"),
        Named("unterminated string at end of file", "k = \"abc", "t.toml:1: unterminated string"),
        Named("string ending in a backslash", "k = \"abc\\\n", "t.toml:1: unterminated string"),
        Named("unsupported escape", "\n\nk = \"C:\\dir\"", #"t.toml:3: unsupported escape '\d' in string (write \\ for a backslash)"#),
        Named("duplicate key in a section", "[a]\nk = 1\n\nk = 2\n", "t.toml:4: duplicate key 'k' in [a] (first on line 2)"),
        Named("duplicate top-level key", "k = 1\nk = 2\n", "t.toml:2: duplicate key 'k' (first on line 1)"),
        Named("duplicate section", "[a]\n[b]\n[a]\n", "t.toml:3: duplicate section [a] (first on line 1)"),
        Named("missing value", "[a]\nk =\n", "t.toml:2: missing value for key 'k'"),
        Named("missing value before a comment", "k = # nothing\n", "t.toml:1: missing value for key 'k'"),
        Named("missing equals sign", "k 5\n", "t.toml:1: expected '=' after key 'k'"),
        Named("missing key", "= 5\n", "t.toml:1: expected a key, found '= 5'"),
        Named("invalid key character", "k$ = 1\n", "t.toml:1: invalid key 'k$'"),
        Named("empty part in a dotted key", "a..b = 1\n", "t.toml:1: invalid key 'a..b'"),
        Named("leading dot in a key", ".a = 1\n", "t.toml:1: invalid key '.a'"),
        Named("unclosed section header", "[a\nk = 1\n", "t.toml:1: expected ']' to close the section header"),
        Named("empty section name", "[ ]\n", "t.toml:1: empty section name"),
        Named("space in a section name", "[a b]\n", "t.toml:1: invalid section name 'a b'"),
        Named("array of tables", "[[a]]\n", "t.toml:1: arrays of tables ([[…]]) are not supported"),
        Named("text after a section header", "[a] b\n", "t.toml:1: unexpected text after the section header: 'b'"),
        Named("text after a value", "k = \"a\" \"b\"\n", "t.toml:1: unexpected text after the value of 'k': '\"b\"'"),
        Named("unquoted string", "k = hello\n", "t.toml:1: invalid value 'hello' (strings need double quotes)"),
        Named("capitalised boolean", "k = True\n", "t.toml:1: invalid value 'True' (strings need double quotes)"),
        Named("single-quoted string", "k = 'a'\n", "t.toml:1: invalid value ''a'' (strings need double quotes)"),
        Named("decimal without fraction digits", "k = 1.\n", "t.toml:1: invalid value '1.' (strings need double quotes)"),
        Named("integer out of range", "k = 99999999999999999999\n", "t.toml:1: integer out of range: 99999999999999999999"),
        Named("array of integers", "k = [1, 2]\n", "t.toml:1: arrays may hold only strings, found '1'"),
        Named("array missing a comma", "k = [\"a\" \"b\"]\n", "t.toml:1: expected ',' or ']' in array"),
        Named("array with two commas", "k = [\"a\",, \"b\"]\n", "t.toml:1: arrays may hold only strings, found ','"),
        Named("unterminated array names its opening line", "[a]\nk = [\"a\",\n  \"b\"\n\n", "t.toml:2: unterminated array"),
        Named("line count survives a multi-line array", "k = [\n\"a\",\n]\nk = 1\n", "t.toml:4: duplicate key 'k' (first on line 1)"),
        Named("line count survives CRLF", "[a]\r\nk = 1\r\n\r\nj = \"x\r\n", "t.toml:4: unterminated string"),
    ])
    func errors(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineError.self) {
            try TOMLDocument.parse(row.input, file: "t.toml")
        }
        #expect(error?.description == row.expected)
    }

    @Test("an error value carries file and line separately")
    func errorFields() {
        let error = #expect(throws: FileLineError.self) {
            try TOMLDocument.parse("\n\n[x\n", file: "/etc/carequeue/config.toml")
        }
        #expect(error?.file == "/etc/carequeue/config.toml")
        #expect(error?.line == 3)
    }
}
