import Testing
@testable import CareQueueStore

@Suite("PostgreSQL statement text: numbered placeholders and script statements")
struct PostgresSQLTextTests {
    @Test("placeholders are numbered in order")
    func placeholdersAreNumberedInOrder() {
        #expect(PostgresSQLText.numberingPlaceholders("SELECT id FROM t WHERE a = ? AND b IN (?, ?)")
                == "SELECT id FROM t WHERE a = $1 AND b IN ($2, $3)")
    }

    @Test("question marks in strings, identifiers, comments and dollar bodies stay")
    func questionMarksInsideTextAreNotPlaceholders() {
        let sql = """
            SELECT '?', "col?", 'it''s ?' -- what?
            FROM t /* a ? /* nested ? */ still ? */ WHERE x = ? AND y = $$ ? $$ AND z = $body$ ? $body$ AND w = ?
            """
        #expect(PostgresSQLText.numberingPlaceholders(sql) == """
            SELECT '?', "col?", 'it''s ?' -- what?
            FROM t /* a ? /* nested ? */ still ? */ WHERE x = $1 AND y = $$ ? $$ AND z = $body$ ? $body$ AND w = $2
            """)
    }

    @Test("a numbered parameter is not a dollar quote")
    func numberedParametersAreNotTakenForDollarQuotes() {
        #expect(PostgresSQLText.numberingPlaceholders("SELECT $1, ?") == "SELECT $1, $1")
    }

    @Test("a script splits at statement ends only")
    func aScriptSplitsAtStatementEndsOnly() {
        let script = """
            CREATE TABLE a (x TEXT DEFAULT ';');
            -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'no; never';
            END;
            $$ LANGUAGE plpgsql;
            /* trailing; comment */
            """
        let statements = PostgresSQLText.statements(script)
        #expect(statements.count == 2)
        #expect(statements[0] == "CREATE TABLE a (x TEXT DEFAULT ';')")
        #expect(statements[1].hasPrefix("-- a comment; with a semicolon\nCREATE FUNCTION f()"))
        #expect(statements[1].hasSuffix("$$ LANGUAGE plpgsql"))
    }

    @Test("an unterminated string runs to the end")
    func anUnterminatedStringRunsToTheEnd() {
        #expect(PostgresSQLText.numberingPlaceholders("SELECT 'open ? ; ") == "SELECT 'open ? ; ")
        #expect(PostgresSQLText.statements("SELECT 'a;b") == ["SELECT 'a;b"])
    }
}
