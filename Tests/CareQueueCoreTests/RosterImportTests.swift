import Testing
import CareQueueCore
import TestSupport

@Suite("Roster import")
struct RosterImportTests {
    @Test("a good file gives every provider, supervisors listed before or after")
    func goodFile() throws {
        let text = """
        npi,name,role,supervisor_npi
        \(TestNPI.a),"Patel, Anika",physician,
        \(TestNPI.b),Jordan Lee,NP,\(TestNPI.a)
        \(TestNPI.c),"Sam ""Doc"" Ortiz",pa,\(TestNPI.d)
        \(TestNPI.d),Rivera,physician,
        \(TestNPI.e), Kim Care ,coordinator,
        \(TestNPI.f),Night Charge,Charge_Nurse,

        """
        let providers = try RosterImport.parse(text: text, file: "roster.csv")
        #expect(providers == [
            Provider(npi: TestNPI.a, name: "Patel, Anika", role: .physician),
            Provider(npi: TestNPI.b, name: "Jordan Lee", role: .np, supervisorNPI: TestNPI.a),
            Provider(npi: TestNPI.c, name: "Sam \"Doc\" Ortiz", role: .pa, supervisorNPI: TestNPI.d),
            Provider(npi: TestNPI.d, name: "Rivera", role: .physician),
            Provider(npi: TestNPI.e, name: "Kim Care", role: .coordinator),
            Provider(npi: TestNPI.f, name: "Night Charge", role: .chargeNurse),
        ])
    }

    @Test("columns in another order, CRLF and a byte order mark")
    func otherOrder() throws {
        let text = "\u{FEFF}Role,Supervisor_NPI,Name,NPI\r\nphysician,,Rivera,\(TestNPI.d)\r\nnp,\(TestNPI.d),Lee,\(TestNPI.b)"
        #expect(try RosterImport.parse(text: text, file: "roster.csv") == [
            Provider(npi: TestNPI.d, name: "Rivera", role: .physician),
            Provider(npi: TestNPI.b, name: "Lee", role: .np, supervisorNPI: TestNPI.d),
        ])
    }

    @Test("a supervisor already on the roster may be named")
    func existingSupervisor() throws {
        let text = "npi,name,role,supervisor_npi\n\(TestNPI.b),Lee,np,\(TestNPI.a)\n"
        #expect(try RosterImport.parse(text: text, file: "r.csv", existing: [TestNPI.a])
            == [Provider(npi: TestNPI.b, name: "Lee", role: .np, supervisorNPI: TestNPI.a)])
        #expect(throws: FileLineErrors.self) { try RosterImport.parse(text: text, file: "r.csv") }
    }

    @Test("a header with no rows imports nothing")
    func headerOnly() throws {
        #expect(try RosterImport.parse(text: "npi,name,role,supervisor_npi\n", file: "r.csv") == [])
    }

    @Test("every bad row is reported at once, in line order")
    func everyBadRow() {
        let text = """
        npi,name,role,supervisor_npi
        \(TestNPI.a),Patel,physician,
        \(TestNPI.badCheck),Nobody,physician,
        \(TestNPI.b),,surgeon,\(TestNPI.b)
        \(TestNPI.a),Patel Again,physician,
        12345,Short,np,
        \(TestNPI.c),Lee,np,\(TestNPI.e)
        \(TestNPI.d),Ortiz,pa
        \(TestNPI.f),Kim,,1234567A93

        """
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.parse(text: text, file: "roster.csv") }
        #expect(error?.description == """
        roster.csv:3: NPI 1234567890 fails the check digit
        roster.csv:4: empty name
        roster.csv:4: unknown role 'surgeon'; valid roles: physician, np, pa, coordinator, charge_nurse
        roster.csv:4: NPI 1111111112 names itself as its supervisor
        roster.csv:5: duplicate NPI 1234567893 (first on line 2)
        roster.csv:6: NPI 12345 is not 10 digits
        roster.csv:7: supervisor NPI 1000000004 is not in this file or on the roster
        roster.csv:8: expected 4 fields, found 3
        roster.csv:9: missing role; valid roles: physician, np, pa, coordinator, charge_nurse
        roster.csv:9: supervisor NPI 1234567A93 is not 10 digits
        """)
        #expect(error?.problems.map(\.line) == [3, 4, 4, 4, 5, 6, 7, 8, 9, 9])
    }

    @Test("one bad row among good ones", arguments: [
        Named("check digit", "\(TestNPI.badCheck),X,physician,", "r.csv:3: NPI 1234567890 fails the check digit"),
        Named("letters in the NPI", "12345678ab,X,physician,", "r.csv:3: NPI 12345678ab is not 10 digits"),
        Named("eleven digits", "12345678931,X,physician,", "r.csv:3: NPI 12345678931 is not 10 digits"),
        Named("missing NPI", ",X,physician,", "r.csv:3: missing NPI"),
        Named("blank name", "\(TestNPI.b),   ,physician,", "r.csv:3: empty name"),
        Named("unknown role", "\(TestNPI.b),X,nurse,",
              "r.csv:3: unknown role 'nurse'; valid roles: physician, np, pa, coordinator, charge_nurse"),
        Named("supervisor fails the check digit", "\(TestNPI.b),X,np,\(TestNPI.badCheck)",
              "r.csv:3: supervisor NPI 1234567890 fails the check digit"),
        Named("supervisor not in the file", "\(TestNPI.b),X,np,\(TestNPI.c)",
              "r.csv:3: supervisor NPI 2222222228 is not in this file or on the roster"),
        Named("supervisor of itself", "\(TestNPI.b),X,np,\(TestNPI.b)", "r.csv:3: NPI 1111111112 names itself as its supervisor"),
        Named("duplicate of the first row", "\(TestNPI.a),X,np,", "r.csv:3: duplicate NPI 1234567893 (first on line 2)"),
        Named("too many fields", "\(TestNPI.b),X,np,,extra", "r.csv:3: expected 4 fields, found 5"),
        Named("unterminated quote", "\(TestNPI.b),\"X,np,", "r.csv:3: unterminated quoted field"),
    ])
    func oneBadRow(_ row: Named<String, String>) {
        let text = "npi,name,role,supervisor_npi\n\(TestNPI.a),Patel,physician,\n\(row.input)\n\(TestNPI.d),Rivera,physician,\n"
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.parse(text: text, file: "r.csv") }
        #expect(error?.description == row.expected)
    }

    @Test("a wrong header is refused before any row", arguments: [
        Named("missing supervisor column", "npi,name,role\n\(TestNPI.a),Patel,physician\n",
              "r.csv:1: missing column supervisor_npi; the header must be npi,name,role,supervisor_npi (optionally login,coordinators,active)"),
        Named("no header, data first", "\(TestNPI.a),Patel,physician,\n",
              "r.csv:1: missing columns npi, name, role, supervisor_npi; unknown column '1234567893'; unknown column 'patel'; unknown column 'physician'; unknown column ''; the header must be npi,name,role,supervisor_npi (optionally login,coordinators,active)"),
        Named("empty file", "", "r.csv: no header row (the file is empty)"),
    ])
    func badHeader(_ row: Named<String, String>) {
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.parse(text: row.input, file: "r.csv") }
        #expect(error?.description == row.expected)
    }
}
