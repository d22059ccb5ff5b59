import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

/// Issue 16 item 4 through the binary: the gate on `tasks attempt` / `tasks close`, and `tasks signoff`.
@Suite("carequeue tasks signoff, and the sign-off gate")
struct SignoffCLITests {
    typealias NPI = LifecycleWorkspace.NPI

    /// Sign-off on for critical and abnormal results; with `mapped`, Dr Chen logs in as the account these tests run as.
    static func workspace(mapped: Bool, kind: StoreKind = .sqlite) throws -> LifecycleWorkspace {
        let workspace = try LifecycleWorkspace(label: "carequeue-signoff", kind: kind)
        workspace.common = ["--config", try workspace.file("config.toml", """
            [workflow]
            signoff_required = ["critical", "abnormal"]
            """)]
        try workspace.ingest(Array(ORU.mix.prefix(2)))
        if mapped {
            let roster = try workspace.file("logins.csv", """
                npi,name,role,supervisor_npi,login
                \(NPI.drA),"Chen, Ada",physician,\(NPI.drO),\(ProcessAccount.current)
                \(NPI.drO),"Okafor, Bo",physician,,

                """)
            let imported = try workspace.run(["roster", "import", roster])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        return workspace
    }

    private func refused(_ result: ProcessResult, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit status: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    private func signoffRows(_ workspace: LifecycleWorkspace, _ id: String) throws -> [[String: Any]] {
        let audit = try workspace.run(["audit", "list", "--task", id, "--action", "task.signed-off", "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
    }

    @Test("a gated attempt and close are refused naming whose sign-off; ack is allowed; the mapped provider signs, audited", arguments: StoreKind.available)
    func gatedThenSigned(kind: StoreKind) throws {
        let workspace = try Self.workspace(mapped: true, kind: kind)
        let id = try workspace.taskID("MRN-ABN-A")
        #expect(try workspace.tasksByMRN()["MRN-ABN-A"]?["signoff_required"] as? Bool == true)
        refused(try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer"]),
                "waiting for Chen, Ada's sign-off: no call until Chen, Ada signs off the result")
        refused(try workspace.run(["tasks", "close", id, "--outcome", "reached", "--note", "told"]),
                "waiting for Chen, Ada's sign-off: the patient hears of this result only after Chen, Ada signs it off")
        #expect(try workspace.run(["tasks", "ack", id]).status == 0)

        let signed = try workspace.run(["tasks", "signoff", id, "--note", "call, repeat BMP in 1 week"], user: "dr-label")
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout == "task \(id) signed off by Chen, Ada (NPI \(NPI.drA)), account \(ProcessAccount.current)\n")
        let task = try #require(try workspace.tasksByMRN()["MRN-ABN-A"])
        #expect(task["signed_off_by"] as? String == "Chen, Ada")
        #expect(task["signed_off_npi"] as? String == NPI.drA)
        #expect(task["signed_off_at"] is String)
        #expect(task["signoff_note"] as? String == "call, repeat BMP in 1 week")

        let rows = try signoffRows(workspace, id)
        #expect(rows.count == 1)
        #expect(rows.first?["user"] as? String == "dr-label" && rows.first?["os_user"] as? String == ProcessAccount.current)
        let details = try #require(rows.first?["details"] as? [String: Any])
        #expect(details["npi"] as? String == NPI.drA && details["note"] as? String == "call, repeat BMP in 1 week")

        refused(try workspace.run(["tasks", "signoff", id]), "already signed off by Chen, Ada at ")
        #expect(try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer"]).status == 0)
    }

    @Test("an unmapped account is refused, and --user naming a provider grants nothing", arguments: StoreKind.available)
    func unmappedRefused(kind: StoreKind) throws {
        let workspace = try Self.workspace(mapped: false, kind: kind)
        let id = try workspace.taskID("MRN-CRIT-A")
        let account = ProcessAccount.current
        refused(try workspace.run(["tasks", "signoff", id]), "\(account) is not a provider on the roster")
        refused(try workspace.run(["tasks", "signoff", id, "--user", "Chen, Ada"], user: "achen"),
                "\(account) is not a provider on the roster")
        #expect(try signoffRows(workspace, id).isEmpty)
        #expect(try workspace.tasksByMRN()["MRN-CRIT-A"]?["signed_off_by"] is NSNull)
    }

    @Test("an unknown task is named", arguments: StoreKind.available)
    func unknownTask(kind: StoreKind) throws {
        let workspace = try Self.workspace(mapped: true, kind: kind)
        refused(try workspace.run(["tasks", "signoff", "9999"]), "no task with id 9999")
    }
}
