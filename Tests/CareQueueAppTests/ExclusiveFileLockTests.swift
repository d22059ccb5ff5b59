import CareQueueApp
import Foundation
import Testing
import TestSupport

@Suite("Exclusive file locks: one outbox deliverer, one listener per database")
struct ExclusiveFileLockTests {
    @Test("the second taker is refused until the first lets go; the file beside the database is 0600")
    func exclusive() throws {
        let directory = try TestPaths.temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path
        let first = ExclusiveFileLock.delivery(databasePath: database)
        let second = ExclusiveFileLock.delivery(databasePath: database)
        #expect(try first.tryAcquire())
        #expect(try first.tryAcquire(), "taking a lock already held is a no-op")
        #expect(try !second.tryAcquire())
        #expect(try ExclusiveFileLock.listener(databasePath: database).tryAcquire(), "the listener's lock is another file")
        first.release()
        #expect(try second.tryAcquire())
        #expect(try !first.tryAcquire())
        let mode = try FileManager.default.attributesOfItem(atPath: database + "-outbox.lock")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the holder's words are read by the one refused, replaced whole, and not written by a non-holder")
    func recordedWords() throws {
        let directory = try TestPaths.temporaryDirectory("lock-words")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path
        let holder = ExclusiveFileLock.listener(databasePath: database)
        let other = ExclusiveFileLock.listener(databasePath: database)
        #expect(try holder.tryAcquire())
        holder.record("pid 4242 binding a long address first")
        holder.record("pid 4242 on 127.0.0.1:2575")
        other.record("not the holder")
        #expect(try !other.tryAcquire())
        #expect(other.recorded() == "pid 4242 on 127.0.0.1:2575")
    }

    @Test("a lock whose directory cannot be written says which file")
    func unwritable() {
        let lock = ExclusiveFileLock.delivery(databasePath: "/proc/no-such-dir/cq.sqlite")
        #expect(throws: FileLockError.self) { try lock.tryAcquire() }
        #expect(lock.recorded() == "")
    }
}
