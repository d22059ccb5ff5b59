import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing
import TestSupport

/// The outbox end to end: `carequeue listen` delivers closures to python-hl7's MLLP server
/// standing in for the EHR (Tests/Interop/mllp_ack_server.py), through outages, refusals, dropped
/// connections and a SIGKILL, on either store (on PostgreSQL the SIGKILL also shows the delivery
/// lease, an advisory lock, leaving with the dead listener's session).
@Suite("Outbox delivery to an EHR (python-hl7)", .serialized,
       .enabled(if: PythonPeers.shouldRun, "no python with `hl7` and `hl7apy`: run .ci/run, or python3 -m venv .venv && .venv/bin/pip install hl7 hl7apy"))
struct OutboxDeliveryTests {
    /// A workspace with the standard mix stored and `[outbound]` pointed at `port`, plus `extra` lines.
    static func workspace(ehrPort port: Int, messages: [String] = ORU.mix, extra: String = "",
                          kind: StoreKind) throws -> LifecycleWorkspace {
        let workspace = try LifecycleWorkspace(label: "carequeue-outbox", kind: kind)
        let config = try workspace.file("carequeue.toml", """
            [outbound]
            host = "127.0.0.1"
            port = \(port)
            events = ["close", "attempt"]
            ack_timeout = "2s"
            retry_max_interval = "1s"
            \(extra)
            """)
        workspace.common = ["--config", config]
        try workspace.ingest(messages)
        return workspace
    }

    static func rows(_ workspace: LifecycleWorkspace) throws -> [OutboxEntry] {
        try workspace.openStore().outboxEntries(limit: 10_000).reversed()
    }

    /// `carequeue listen` on the workspace's store (with its environment: on PostgreSQL its own HOME).
    static func listener(_ workspace: LifecycleWorkspace) throws -> Listener {
        try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db] + workspace.common,
                     environment: workspace.environment())
    }

    /// A workspace whose `count` routine results for Dr A (control ids, fillers and MRNs `PREFIX1`…)
    /// are all closed, so each waits in the outbox for the EHR at `ehrPort`.
    static func closedBatch(_ prefix: String, count: Int, ehrPort: Int, kind: StoreKind) throws -> LifecycleWorkspace {
        let messages = (1...count).map { index in
            ORU.message("\(prefix)\(index)", mrn: "MRN-\(prefix)\(index)", filler: "\(prefix)\(index)", value: "4.\(index % 10)",
                        flag: "N", npi: LifecycleWorkspace.NPI.drA)
        }
        let workspace = try workspace(ehrPort: ehrPort, messages: messages, kind: kind)
        try closeAll(workspace, mrns: (1...count).map { "MRN-\(prefix)\($0)" })
        return workspace
    }

    /// Closes the task of `mrn` from the command line; returns what the command printed.
    @discardableResult
    static func close(_ workspace: LifecycleWorkspace, mrn: String, note: String = "called, all well") throws -> String {
        let closed = try workspace.run(["tasks", "close", try workspace.taskID(mrn), "--outcome", "not-needed", "--note", note])
        try #require(closed.status == 0, "\(closed.stderr)")
        return closed.stdout
    }

    /// Closes the task of each of `mrns`, in order, listing the tasks once (a process fewer per close).
    static func closeAll(_ workspace: LifecycleWorkspace, mrns: [String]) throws {
        let tasks = try workspace.tasksByMRN()
        for mrn in mrns {
            let id = try #require(tasks[mrn]?["id"] as? Int, "no task for \(mrn)")
            let closed = try workspace.run(["tasks", "close", String(id), "--outcome", "not-needed", "--note", "called, all well"])
            try #require(closed.status == 0, "\(closed.stderr)")
        }
    }

    static func waitFor(_ what: String, timeout: TimeInterval = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw HarnessError("timed out after \(Int(timeout)) s waiting until \(what)")
    }

    static func allDelivered(_ workspace: LifecycleWorkspace, count: Int) throws -> Bool {
        let rows = try rows(workspace)
        return rows.count == count && rows.allSatisfy { $0.status == .delivered }
    }

    @Test("closures and attempts arrive in order, each answered AA, and the outbox says delivered",
          arguments: StoreKind.available)
    func inOrder(kind: StoreKind) throws {
        let ehr = try EHRPeer()
        defer { ehr.stop() }
        let workspace = try Self.workspace(ehrPort: ehr.port, kind: kind)
        let said = try Self.close(workspace, mrn: "MRN-CRIT-A")
        #expect(said.hasSuffix("; written back to the EHR as outbox 1 (carequeue outbox show 1)\n"), "\(said)")
        let attempt = try workspace.run(["tasks", "attempt", try workspace.taskID("MRN-ABN-A"), "--outcome", "no-answer"])
        try #require(attempt.status == 0, "\(attempt.stderr)")
        try Self.close(workspace, mrn: "MRN-ROUT-A")
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-U")])  // not an outbound event

        let listener = try Self.listener(workspace)
        defer { listener.stop() }
        try Self.waitFor("three rows are delivered") { try Self.allDelivered(workspace, count: 3) }

        let rows = try Self.rows(workspace)
        #expect(rows.map(\.event) == [.close, .attempt, .close])
        #expect(ehr.received() == rows.map { EHRPeer.Received(controlID: $0.controlID, answer: "AA") })
        #expect(rows.allSatisfy { $0.ackCode == "AA" && $0.attempts == 1 })
    }

    @Test("with the EHR down the outbox fills and says so; everything is delivered once it returns",
          arguments: StoreKind.available)
    func ehrDownThenBack(kind: StoreKind) throws {
        // A port that was just free: the EHR comes up on it later.
        let probe = try EHRPeer()
        let port = probe.port
        probe.stop()
        let workspace = try Self.workspace(ehrPort: port, kind: kind)
        let listener = try Self.listener(workspace)
        defer { listener.stop() }
        try Self.close(workspace, mrn: "MRN-CRIT-A")
        try Self.close(workspace, mrn: "MRN-ABN-A")

        try Self.waitFor("the first row was tried twice") { (try Self.rows(workspace).first?.attempts ?? 0) >= 2 }
        let waiting = try Self.rows(workspace)
        #expect(waiting.allSatisfy { $0.status == .waiting })
        #expect(waiting.first?.lastError?.contains("connection refused") == true, "\(waiting.first?.lastError ?? "-")")
        let summary = try workspace.openStore().outboxSummary()
        #expect(summary.waiting == 2)
        #expect(summary.headerText(at: Date())?.hasPrefix("⇢ EHR unreachable") == true, "\(summary)")

        let ehr = try EHRPeer(port: port)
        defer { ehr.stop() }
        try Self.waitFor("both rows are delivered") { try Self.allDelivered(workspace, count: 2) }
        let rows = try Self.rows(workspace)
        #expect(ehr.received().map(\.controlID) == rows.map(\.controlID))
        #expect(try workspace.openStore().outboxSummary().headerText(at: Date()) == nil)
    }

    @Test("an EHR that answers AE leaves that message failed, not retried, and the rest delivered",
          arguments: StoreKind.available)
    func refusalDoesNotBlock(kind: StoreKind) throws {
        let ehr = try EHRPeer(options: ["--refuse-containing", "REFUSE-ME"])
        defer { ehr.stop() }
        let workspace = try Self.workspace(ehrPort: ehr.port, kind: kind)
        try Self.close(workspace, mrn: "MRN-CRIT-A", note: "REFUSE-ME: the EHR will not file this")
        try Self.close(workspace, mrn: "MRN-ABN-A")
        let listener = try Self.listener(workspace)
        defer { listener.stop() }

        try Self.waitFor("both rows are settled") { try Self.rows(workspace).allSatisfy { $0.status != .waiting } }
        Thread.sleep(forTimeInterval: 2)  // long enough for a retry, were there one
        let rows = try Self.rows(workspace)
        #expect(rows.map(\.status) == [.failed, .delivered])
        #expect(rows[0].ackCode == "AE")
        #expect(rows[0].lastError == "AE: refused by the test EHR")
        #expect(ehr.received().map(\.answer) == ["AE", "AA"])
    }

    @Test("an EHR that drops the connection before answering gets the same MSH-10 again",
          arguments: StoreKind.available)
    func droppedConnection(kind: StoreKind) throws {
        let ehr = try EHRPeer(options: ["--drop-first", "1"])
        defer { ehr.stop() }
        let workspace = try Self.workspace(ehrPort: ehr.port, kind: kind)
        try Self.close(workspace, mrn: "MRN-CRIT-A")
        let listener = try Self.listener(workspace)
        defer { listener.stop() }

        try Self.waitFor("the row is delivered") { try Self.allDelivered(workspace, count: 1) }
        let row = try #require(try Self.rows(workspace).first)
        #expect(ehr.received() == [EHRPeer.Received(controlID: row.controlID, answer: "DROP"),
                                   EHRPeer.Received(controlID: row.controlID, answer: "AA")])
        #expect(row.attempts == 2)
    }

    @Test("SIGKILL of the delivering listener mid-stream: after a restart every row is delivered, each under one control id",
          arguments: StoreKind.available)
    func sigkillMidStream(kind: StoreKind) throws {
        let ehr = try EHRPeer(options: ["--delay", "0.1"])
        defer { ehr.stop() }
        let count = 24
        let workspace = try Self.closedBatch("K", count: count, ehrPort: ehr.port, kind: kind)

        let first = try Self.listener(workspace)
        try Self.waitFor("a few rows reached the EHR") { ehr.received().count >= 5 }
        if kind == .postgres { #expect(try workspace.deliveryLeaseHolders() == 1, "the first listener holds the lease") }
        kill(first.process.processIdentifier, SIGKILL)
        first.stop()
        let deliveredBeforeRestart = try Self.rows(workspace).filter { $0.status == .delivered }.count
        #expect(deliveredBeforeRestart < count, "the kill should land mid-stream")
        if kind == .postgres {
            // No lease to expire: the server ends the dead listener's session, and its lock with it.
            try Self.waitFor("the killed listener's lease is released", timeout: 10) { try workspace.deliveryLeaseHolders() == 0 }
        }

        let second = try Self.listener(workspace)
        defer { second.stop() }
        try Self.waitFor("every row is delivered", timeout: 60) { try Self.allDelivered(workspace, count: count) }
        if kind == .postgres { #expect(try workspace.deliveryLeaseHolders() == 1, "the restarted listener holds the lease") }
        let rows = try Self.rows(workspace)
        let received = ehr.received()
        #expect(Set(rows.map(\.controlID)).count == count)
        #expect(Set(received.map(\.controlID)) == Set(rows.map(\.controlID)))
        // Only a message in flight at the kill may arrive twice, and then under its one control id.
        #expect(received.count <= count + 1, "\(received)")
        #expect(received.allSatisfy { $0.answer == "AA" })
    }

    @Test("over TLS with a client certificate (python's ssl as the EHR); a CA the EHR's certificate does not chain to keeps the row waiting, saying why",
          .enabled(if: TestCertificates.shouldRun, "no openssl"),
          arguments: StoreKind.available)
    func mutualTLS(kind: StoreKind) throws {
        let directory = try TestPaths.temporaryDirectory("ehr-tls")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try TestCertificates(in: directory.appendingPathComponent("pki"))
        let ehr = try EHRPeer(options: ["--cert", pki.path("server.pem"), "--key", pki.path("server.key"),
                                        "--client-ca", pki.path("ca.pem")])
        defer { ehr.stop() }
        let trusted = try Self.workspace(ehrPort: ehr.port, extra: """
            tls_ca = "\(pki.path("ca.pem"))"
            tls_certificate = "\(pki.path("client.pem"))"
            tls_private_key = "\(pki.path("client.key"))"
            """, kind: kind)
        try Self.close(trusted, mrn: "MRN-CRIT-A")
        let listener = try Self.listener(trusted)
        defer { listener.stop() }
        try Self.waitFor("the close is delivered over TLS") { try Self.allDelivered(trusted, count: 1) }
        #expect(ehr.received().map(\.answer) == ["AA"])

        let stranger = try Self.workspace(ehrPort: ehr.port, extra: """
            tls_ca = "\(pki.path("stranger-ca.pem"))"
            """, kind: kind)
        try Self.close(stranger, mrn: "MRN-CRIT-A")
        let other = try Self.listener(stranger)
        defer { other.stop() }
        try Self.waitFor("the send failed") { try Self.rows(stranger).first?.lastError != nil }
        let row = try #require(try Self.rows(stranger).first)
        #expect(row.status == .waiting)
        #expect(row.lastError?.contains("TLS handshake") == true, "\(row.lastError ?? "-")")
        #expect(ehr.received().count == 1, "nothing reached the EHR from the untrusting sender")
    }

    /// One listener per database: the second process is a dashboard, which steps aside as a
    /// watcher and delivers the outbox itself once the listener is gone.
    @Test("a listener and a dashboard on one database: one delivers, nothing is sent twice; when the listener stops the dashboard takes over",
          .enabled(if: TmuxDriver.executable != nil || TmuxDriver.isCI, "tmux is not installed"),
          arguments: StoreKind.available)
    func oneDelivererPerDatabase(kind: StoreKind) throws {
        let ehr = try EHRPeer()
        defer { ehr.stop() }
        let workspace = try Self.workspace(ehrPort: ehr.port, kind: kind)
        let first = try Self.listener(workspace)
        let arguments = ["dashboard", "--listen", "127.0.0.1:0", "--db", workspace.db] + workspace.common
        let second = try TmuxDriver(
            command: ([TestPaths.carequeueBinary.path] + arguments).map(TmuxDriver.quoted).joined(separator: " ") + "; sleep 120",
            width: 120, height: 30, directory: workspace.directory, environment: workspace.environment())
        defer { second.kill() }
        try #require(second.wait(for: "serves this database") != nil, "the dashboard did not step aside: \(second.capture())")
        for mrn in ["MRN-CRIT-A", "MRN-ABN-A", "MRN-ROUT-A"] { try Self.close(workspace, mrn: mrn) }
        try Self.waitFor("three rows are delivered") { try Self.allDelivered(workspace, count: 3) }
        if kind == .postgres { #expect(try workspace.deliveryLeaseHolders() == 1, "one delivery lease for both processes") }
        first.stop()
        for mrn in ["MRN-CRIT-U", "MRN-ABN-U"] { try Self.close(workspace, mrn: mrn) }
        try Self.waitFor("the survivor delivers the rest") { try Self.allDelivered(workspace, count: 5) }
        let received = ehr.received().map(\.controlID)
        #expect(received == (try Self.rows(workspace)).map(\.controlID), "each row sent once, in order")
    }
}
