import CareQueueApp
import Foundation
import Testing
import TestSupport

@Suite("Outbox delivery lock: one deliverer per database")
struct DeliveryLockTests {
    @Test("the second taker is refused until the first lets go; the file beside the database is 0600")
    func exclusive() throws {
        let directory = try TestPaths.temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path
        let first = DeliveryLock(databasePath: database)
        let second = DeliveryLock(databasePath: database)
        #expect(try first.tryAcquire())
        #expect(try first.tryAcquire(), "taking a lock already held is a no-op")
        #expect(try !second.tryAcquire())
        first.release()
        #expect(try second.tryAcquire())
        #expect(try !first.tryAcquire())
        let mode = try FileManager.default.attributesOfItem(atPath: database + "-outbox.lock")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a lock whose directory cannot be written says which file")
    func unwritable() {
        let lock = DeliveryLock(databasePath: "/proc/no-such-dir/cq.sqlite")
        #expect(throws: DeliveryLockError.self) { try lock.tryAcquire() }
    }
}
