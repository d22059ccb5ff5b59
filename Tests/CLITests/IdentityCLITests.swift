import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

/// Issue 12 items 4 and 7 through the binary: the account on every audit row, the `--user` label,
/// roster logins, and `tasks show` recorded as a view.
@Suite("carequeue identity and access audit")
struct IdentityCLITests {
    /// The roster with the coordinator logging in as the account these tests run as.
    static var rosterWithLogin: String {
        typealias NPI = LifecycleWorkspace.NPI
        return """
            npi,name,role,supervisor_npi,login
            \(NPI.drA),"Chen, Ada",physician,\(NPI.drO),
            \(NPI.drO),"Okafor, Bo",physician,,bo.okafor
            \(NPI.park),"Park, Nia",np,,
            \(NPI.coordinator),Cal Reyes,coordinator,,\(ProcessAccount.current)
            \(NPI.nurse),Eve Lund,charge_nurse,,

            """
    }

    private func json(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
    }

    @Test("every row names the account the process ran as: the listener's ingest rows and a coordinator's action", arguments: StoreKind.available)
    func osUser(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Array(ORU.mix.prefix(2)))
        let id = try workspace.taskID("MRN-CRIT-A")
        try workspace.run(["tasks", "ack", id], user: "carol")

        let rows = try json(try workspace.run(["audit", "list", "--json"]))
        let created = try #require(rows.first { $0["action"] as? String == "task.created" })
        let ack = try #require(rows.last)
        #expect(ack["action"] as? String == "ack")
        #expect(ack["user"] as? String == "carol")
        #expect(ack["os_user"] as? String == ProcessAccount.current)
        #expect(created["os_user"] as? String == ProcessAccount.current)
        #expect(rows.allSatisfy { $0["os_user"] as? String == ProcessAccount.current })
        // No roster login maps the account here.
        #expect(rows.allSatisfy { $0["os_user_name"] is NSNull })
    }

    @Test("an empty or blank --user is refused before anything is written", arguments: StoreKind.available, ["", "  ", "\t"])
    func blankUser(kind: StoreKind, _ label: String) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        let before = try json(try workspace.run(["audit", "list", "--json"])).count

        for command in [["tasks", "ack", id], ["tasks", "show", id]] {
            let refused = try workspace.run(command + ["--user", label])
            #expect(refused.status == 64, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains("--user is empty or blank"), "\(refused.stderr)")
        }
        #expect(try json(try workspace.run(["audit", "list", "--json"])).count == before)
    }

    @Test("a roster login names the person in tasks show and in audit list; bad logins are refused by line", arguments: StoreKind.available)
    func rosterLogin(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let imported = try workspace.run(["roster", "import", try workspace.file("logins.csv", Self.rosterWithLogin)])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "roster: 0 added, 2 updated, 3 unchanged\n")
        let id = try workspace.taskID("MRN-CRIT-A")
        try workspace.run(["tasks", "ack", id], user: "carol")

        let shown = try workspace.run(["tasks", "show", id])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("  carol (\(ProcessAccount.current) → Cal Reyes)  ack  "), "\(shown.stdout)")
        let story = try #require(try JSONSerialization.jsonObject(with: Data(try workspace.run(["tasks", "show", id, "--json"]).stdout.utf8))
            as? [String: Any])
        let audit = try #require(story["audit"] as? [[String: Any]])
        #expect(audit.last?["os_user_name"] as? String == "Cal Reyes")
        #expect(audit.last?["os_user"] as? String == ProcessAccount.current)

        typealias NPI = LifecycleWorkspace.NPI
        let twice = try workspace.run(["roster", "import", try workspace.file("twice.csv", """
            npi,name,role,supervisor_npi,login
            \(NPI.park),"Park, Nia",np,,nia
            \(NPI.nurse),Eve Lund,charge_nurse,,nia

            """)])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("twice.csv:3: login 'nia' is also on line 2"), "\(twice.stderr)")
        let taken = try workspace.run(["roster", "import", try workspace.file("taken.csv", """
            npi,name,role,supervisor_npi,login
            \(NPI.park),"Park, Nia",np,,bo.okafor

            """)])
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("taken.csv:2: login 'bo.okafor' already names NPI \(NPI.drO) on the roster"), "\(taken.stderr)")
        let spaced = try workspace.run(["roster", "import", try workspace.file("spaced.csv", """
            npi,name,role,supervisor_npi,login
            \(NPI.park),"Park, Nia",np,,nia park

            """)])
        #expect(spaced.status == 1)
        #expect(spaced.stderr.contains("spaced.csv:2: login 'nia park' is not an account name"), "\(spaced.stderr)")
    }

    @Test("tasks show records a view (task.viewed, via tasks show), found by --action and --mrn; the story leaves views out", arguments: StoreKind.available)
    func tasksShowIsAudited(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Array(ORU.mix.prefix(2)))
        let a = try workspace.taskID("MRN-CRIT-A")
        let other = try #require(try workspace.tasksByMRN().first { $0.key != "MRN-CRIT-A" })
        let b = String(try #require(other.value["id"] as? Int))

        #expect(try workspace.run(["tasks", "show", a], user: "alice").status == 0)
        #expect(try workspace.run(["tasks", "show", b, "--json"], user: "bob").status == 0)
        let again = try workspace.run(["tasks", "show", a], user: "bob")
        #expect(!again.stdout.contains("task.viewed"), "the story lists views: \(again.stdout)")

        let views = try json(try workspace.run(["audit", "list", "--action", "task.viewed", "--json"]))
        #expect(views.map { $0["user"] as? String } == ["alice", "bob", "bob"])
        #expect(views.map { $0["task_id"] as? Int } == [Int(a), Int(b), Int(a)])
        #expect(views.allSatisfy { $0["os_user"] as? String == ProcessAccount.current })
        let details = views.compactMap { $0["details"] as? [String: Any] }
        #expect(details.map { $0["via"] as? String } == ["tasks show", "tasks show", "tasks show"])
        #expect(details.map { $0["terminal"] as? String } == ["none", "none", "none"])

        let looked = try json(try workspace.run(["audit", "list", "--mrn", "MRN-CRIT-A", "--action", "task.viewed", "--json"]))
        #expect(looked.map { $0["user"] as? String } == ["alice", "bob"])
        let patient = try json(try workspace.run(["audit", "list", "--mrn", "MRN-CRIT-A", "--json"]))
        #expect(patient.allSatisfy { $0["task_id"] as? Int == Int(a) })
        #expect(patient.count == looked.count + 1)  // task.created, then the two views

        let text = try workspace.run(["audit", "list", "--mrn", other.key])
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").filter { $0.contains("task.viewed") }.count == 1)
    }

    @Test("audit verify catches an edited account", arguments: StoreKind.available)
    func accountEdited(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        #expect(try workspace.run(["audit", "verify"]).status == 0)

        let edit = try workspace.behindTheBack(
            sqlite: "DROP TRIGGER audit_no_update; UPDATE audit SET os_user = 'someone-else' WHERE seq = 2;",
            postgres: "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET os_user = 'someone-else' WHERE seq = 2;")
        #expect(edit.status == 0, "\(edit.stderr)")

        let broken = try workspace.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit chain broken at row 2: its content does not match its hash"), "\(broken.stderr)")
    }
}
