import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("Roster import: the login column")
struct RosterLoginTests {
    @Test("logins map people to accounts; a blank login is none; the column may be left out")
    func logins() throws {
        let text = """
        npi,name,role,supervisor_npi,login
        \(TestNPI.a),"Patel, Anika",physician,,apatel
        \(TestNPI.e),Kim Care,coordinator,, kim.care@clinic.example
        \(TestNPI.f),Night Charge,charge_nurse,,

        """
        let contents = try RosterImport.contents(text: text, file: "roster.csv")
        #expect(contents.namesLogins)
        #expect(contents.providers.map(\.login) == ["apatel", "kim.care@clinic.example", nil])

        let without = try RosterImport.contents(text: "npi,name,role,supervisor_npi\n\(TestNPI.a),Patel,physician,\n",
                                                file: "roster.csv")
        #expect(!without.namesLogins)
        #expect(without.providers.map(\.login) == [nil])
    }

    @Test("a login that is not an account name is refused", arguments: [
        Named("a space inside", "kim care", "r.csv:2: login 'kim care' is not an account name (letters, digits, '.', '_', '-', '@'; no spaces)"),
        Named("a control character", "kim\u{1B}[2J", "r.csv:2: login 'kim<0x1B>[2J' is not an account name (letters, digits, '.', '_', '-', '@'; no spaces)"),
        Named("a leading dash", "-kim", "r.csv:2: login '-kim' is not an account name (letters, digits, '.', '_', '-', '@'; no spaces)"),
        Named("too long", String(repeating: "k", count: 65), "r.csv:2: login '\(String(repeating: "k", count: 65))' is longer than 64 characters"),
    ])
    func badLogin(_ row: Named<String, String>) {
        let text = "npi,name,role,supervisor_npi,login\n\(TestNPI.a),Patel,physician,,\"\(row.input)\"\n"
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.contents(text: text, file: "r.csv") }
        #expect(error?.description == row.expected)
    }

    @Test("one login on two lines names both")
    func duplicateLogin() {
        let text = """
        npi,name,role,supervisor_npi,login
        \(TestNPI.a),Patel,physician,,kim
        \(TestNPI.b),Lee,np,,apatel
        \(TestNPI.e),Kim Care,coordinator,,kim

        """
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.contents(text: text, file: "r.csv") }
        #expect(error?.description == "r.csv:4: login 'kim' is also on line 2: one account names one person")
    }

    @Test("a login already held by someone else on the roster is refused, unless this file gives them another")
    func loginOnRoster() throws {
        let onRoster = ["kim": TestNPI.d]
        let taking = "npi,name,role,supervisor_npi,login\n\(TestNPI.e),Kim Care,coordinator,,kim\n"
        let error = #expect(throws: FileLineErrors.self) {
            try RosterImport.contents(text: taking, file: "r.csv", loginsOnRoster: onRoster)
        }
        #expect(error?.description == "r.csv:2: login 'kim' already names NPI \(TestNPI.d) on the roster")

        // Moving the account: the holder is in the file with another login (or none).
        let moving = taking + "\(TestNPI.d),Rivera,physician,,rivera\n"
        let moved = try RosterImport.contents(text: moving, file: "r.csv", loginsOnRoster: onRoster)
        #expect(moved.providers.map(\.login) == ["kim", "rivera"])
        // The holder itself keeps it.
        let keeping = "npi,name,role,supervisor_npi,login\n\(TestNPI.d),Rivera,physician,,kim\n"
        #expect(try RosterImport.contents(text: keeping, file: "r.csv", loginsOnRoster: onRoster).providers.map(\.login) == ["kim"])
    }
}

@Suite("Roster import: the coordinators column")
struct RosterCoordinatorsTests {
    @Test("space-separated logins, each once; blank is none; a file without the column says so")
    func coordinators() throws {
        let text = """
        npi,name,role,supervisor_npi,coordinators
        \(TestNPI.a),"Patel, Anika",physician,,kim  lee kim
        \(TestNPI.e),Kim Care,coordinator,,

        """
        let contents = try RosterImport.contents(text: text, file: "roster.csv")
        #expect(contents.namesCoordinators)
        #expect(!contents.namesLogins)
        #expect(contents.providers.map(\.coordinators) == [["kim", "lee"], []])
        let without = try RosterImport.contents(text: "npi,name,role,supervisor_npi\n\(TestNPI.a),Patel,physician,\n",
                                                file: "roster.csv")
        #expect(!without.namesCoordinators)
    }

    @Test("a coordinator that is not an account name is refused, naming the line")
    func badCoordinator() {
        let text = "npi,name,role,supervisor_npi,coordinators\n\(TestNPI.a),Patel,physician,,kim\n\(TestNPI.e),Kim,coordinator,,\"kim,lee\"\n"
        let error = #expect(throws: FileLineErrors.self) { try RosterImport.contents(text: text, file: "r.csv") }
        #expect(error?.description == "r.csv:3: coordinators: login 'kim,lee' is not an account name (letters, digits, '.', '_', '-', '@'; no spaces)")
    }
}
