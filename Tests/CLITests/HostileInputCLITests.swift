import Foundation
import StoreFixtures
import TestSupport
import Testing

/// Hostile input through the real `listen` and `send`, read back with the commands an analyst and
/// a coordinator use.
@Suite("Hostile input end to end")
struct HostileInputCLITests {
    @Test("a charset guess shows in tasks show and tasks list; a reused control id points at its original in review list", arguments: StoreKind.available)
    func charsetAndReuse(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.message("R1", mrn: "MRN-R1", filler: "R1", value: "4.1", flag: "N", npi: LifecycleWorkspace.NPI.drA)])
        var latin = Array(ORU.message("L1", mrn: "MRN-L1", family: "M@ller", filler: "L1", value: "4.1", flag: "N",
                                      npi: LifecycleWorkspace.NPI.drA)
            .replacingOccurrences(of: "|P|2.5.1", with: "|P|2.5.1||||||UNICODE UTF-8").utf8)
        latin[latin.firstIndex(of: UInt8(ascii: "@"))!] = 0xFC
        let reuse = Array(ORU.message("R1", mrn: "MRN-R2", filler: "R2", value: "6.9", flag: "HH", npi: LifecycleWorkspace.NPI.drA).utf8)
        let file = workspace.directory.appendingPathComponent("hostile.hl7")
        try Data(latin + Array("\n".utf8) + reuse).write(to: file)

        let listener = try workspace.listenerProcess()
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port), file.path])
        listener.stop()

        #expect(sent.stdout.contains("L1 AA") && sent.stdout.contains("R1 AE"), "\(sent.stdout)")
        let warning = "MSH-18 declares UTF-8 but the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)"
        #expect(try workspace.tasksByMRN()["MRN-L1"]?["charset_warning"] as? String == warning)
        let shown = try workspace.run(["tasks", "show", try workspace.taskID("MRN-L1")])
        #expect(shown.stdout.contains("Charset    \(warning): check names and text against the lab's report"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Müller"))

        let review = try workspace.run(["review", "list", "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(review.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["error_code"] as? Int == 205)
        #expect(items.first?["original_message_id"] as? Int == 1)
    }
}
