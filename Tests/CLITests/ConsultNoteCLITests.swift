import CareQueueCore
import CareQueueServer
import Foundation
import StoreFixtures
import HL7
import Testing
import TestSupport

/// A referral and its consult note through the real `listen` + `send`, then the `orders` and `tasks` commands.
@Suite("Consult notes from SampleData through the binary")
struct ConsultNoteCLITests {
    static let files = ["36-referral-ref-i12-v25.hl7", "37-consult-note-mdm-t02-v25.hl7", "38-consult-note-mdm-t02-no-referral-v23.hl7"]

    @Test("REF^I12 then MDM^T02: the referral is final, the note is a routine task in the referring provider's queue",
          arguments: StoreKind.available)
    func referralThenNote(kind: StoreKind) throws {
        let (workspace, sent) = try OrdersCLITests.sent(Self.files, label: "consult-cli", kind: kind)
        #expect(sent.stdout.split(separator: "\n") == ["CQ26-0036 AA", "CQ26-0037 AA", "CQ26-0038 AA"], "\(sent.stdout) \(sent.stderr)")

        let orders = try OrdersCLITests.json(workspace, ["orders", "list", "--state", "all"])
        let referral = try #require(orders.first { $0["placer_number"] as? String == "RF26-0001" })
        #expect(referral["state"] as? String == "final")
        let taskID = try #require(referral["result_task_id"] as? Int)
        #expect(orders.count == 1, "a note naming no referral on file makes no referral")

        let patel = try OrdersCLITests.json(workspace, ["tasks", "list", "--provider", "1000000020"])
        let note = try #require(patel.first { $0["id"] as? Int == taskID }, "\(patel)")
        #expect(note["urgency"] as? String == "routine")
        #expect(note["urgency_reason"] as? String == "routine: consult note received — review")
        #expect(note["test"] as? String == "Cardiology evaluation of exertional chest pain")
        #expect(note["mrn"] as? String == "MRN100042")

        let garcia = try OrdersCLITests.json(workspace, ["tasks", "list", "--provider", "1000000079"])
        #expect(garcia.map { $0["urgency_reason"] as? String ?? "" } == ["routine: consult note received — no referral on file"])

        let shown = try workspace.run(["orders", "show", String(referral["id"] as? Int ?? 0)])
        #expect(shown.stdout.contains("Note        consult note, task \(taskID) · open"), "\(shown.stdout)")
        let audit = try workspace.run(["audit", "list", "--action", "referral.closed", "--json"])
        #expect(audit.stdout.contains("\"task_id\":\(taskID)") || audit.stdout.contains("\"task_id\" : \(taskID)"), "\(audit.stdout)")
    }

    @Test("our ACKs to MDM^T02 (accepted and refused) parse with hl7apy and python-hl7",
          .enabled(if: PythonPeers.shouldRun, "no python with `hl7` and `hl7apy`"))
    func acksParse() throws {
        let python = try PythonPeers.require()
        let directory = try TestPaths.temporaryDirectory("mdm-acks")
        defer { try? FileManager.default.removeItem(at: directory) }
        let intake = FrameIntake(processingIDs: ["P"])
        var paths: [String: String] = [:]
        for (index, file) in [Self.files[1], Self.files[2], "bad/09-mdm-without-document-number.hl7"].enumerated() {
            let bytes = [UInt8](try Data(contentsOf: TestPaths.sampleData.appendingPathComponent(file)))
            let decision = intake.classify(bytes, peer: "test", receivedAt: Date())
            let outcome: IngestOutcome
            switch decision.item.content {
            case .consultNote: outcome = .accepted(messageID: 1)
            case .refused(let refusal): outcome = .refused(refusal)
            case .result, .order: throw Unexpected(file: file)
            }
            let ack = try #require(AckComposer().ack(for: decision.inbound, result: .success(outcome), at: Date()))
            let path = directory.appendingPathComponent("ack-\(index).hl7").path
            try Data(ack).write(to: URL(fileURLWithPath: path))
            paths[path] = index == 2 ? "AE" : "AA"
        }
        let result = try Subprocess.run(python, [InteropTests.interop.appendingPathComponent("check_acks.py").path] + paths.keys.sorted())
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(json["hl7apy_ok"] as? Bool == true && json["python_hl7_ok"] as? Bool == true, "\(json)")
            #expect((json["msh9"] as? String)?.hasPrefix("ACK^T02") == true, "\(json)")
            #expect(json["msa1"] as? String == paths[json["file"] as? String ?? ""])
        }
    }

    struct Unexpected: Error { var file: String }
}
