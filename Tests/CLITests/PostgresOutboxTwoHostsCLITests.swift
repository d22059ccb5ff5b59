import Foundation
import StoreFixtures
import Testing
import TestSupport

/// The outbox on PostgreSQL with two hosts (each its own HOME and host name, so each its own
/// listener lock): both listeners run the delivery worker, the advisory-lock lease lets one send,
/// and when that one is SIGKILLed the other's next try takes the lease its dead session left.
@Suite("Outbox delivery from two hosts on one PostgreSQL database (python-hl7)", .serialized,
       .enabled(if: PostgresTestServer.shouldRun && PythonPeers.shouldRun, "no PostgreSQL server or no python-hl7"))
struct PostgresOutboxTwoHostsCLITests {
    @Test("two hosts' listeners: one holds the lease and delivers; SIGKILLed, the other host delivers the rest, each row under its one control id")
    func secondHostTakesOver() throws {
        let ehr = try EHRPeer(options: ["--delay", "0.1"])
        defer { ehr.stop() }
        let count = 16
        let workspace = try OutboxDeliveryTests.closedBatch("H", count: count, ehrPort: ehr.port, kind: .postgres)
        let otherHome = workspace.directory.appendingPathComponent("host-b")
        try FileManager.default.createDirectory(at: otherHome, withIntermediateDirectories: true)

        let first = try OutboxDeliveryTests.listener(workspace)
        try OutboxDeliveryTests.waitFor("host A delivers") { ehr.received().count >= 3 }
        let second = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db] + workspace.common,
                                  environment: ["HOME": otherHome.path, "XDG_DATA_HOME": "", "CAREQUEUE_HOST_NAME": "host-b",
                                                "USER": "alice"])
        defer { second.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try workspace.deliveryLeaseHolders() == 1, "host B's worker waits: one lease for the database")

        kill(first.process.processIdentifier, SIGKILL)
        first.stop()
        #expect(try OutboxDeliveryTests.rows(workspace).filter { $0.status == .delivered }.count < count,
                "the kill should land mid-stream")
        try OutboxDeliveryTests.waitFor("host B delivers the rest", timeout: 60) {
            try OutboxDeliveryTests.allDelivered(workspace, count: count)
        }
        #expect(try workspace.deliveryLeaseHolders() == 1, "host B holds the lease")
        let rows = try OutboxDeliveryTests.rows(workspace)
        let received = ehr.received()
        #expect(Set(received.map(\.controlID)) == Set(rows.map(\.controlID)))
        // Only the message in flight at the kill may arrive twice, and then under its one control id.
        #expect(received.count <= count + 1, "\(received)")
        #expect(received.allSatisfy { $0.answer == "AA" })
    }
}
