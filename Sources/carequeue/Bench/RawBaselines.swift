import CareQueueApp
import Foundation
import GRDBSQLite

/// What the disk and SQLite alone do, measured in the same run.
enum RawBaselines {
    /// 4 KiB write + fsync per operation, for about a second.
    static func fsyncRate(in folder: URL) throws -> Double {
        let path = folder.appendingPathComponent("fsync.bin").path
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CommandFailure("cannot create \(path)") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x55, count: 4096)
        let start = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - start) < .seconds(1) {
            _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(count % 64 * 4096)) }
            fsync(fd)
            count += 1
        }
        return Double(count) / ((ContinuousClock.now - start).milliseconds / 1000)
    }

    /// One INSERT per transaction, WAL, synchronous=FULL, through the SQLite C API, for about a second.
    static func sqliteOneRowPerTransaction(in folder: URL) throws -> Double {
        let path = folder.appendingPathComponent("raw.sqlite").path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw CommandFailure("cannot open \(path)") }
        defer { sqlite3_close(db); unlink(path); unlink(path + "-wal"); unlink(path + "-shm") }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (zeroblob(1400))", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let start = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - start) < .seconds(1) {
            sqlite3_step(statement)
            sqlite3_reset(statement)
            count += 1
        }
        return Double(count) / ((ContinuousClock.now - start).milliseconds / 1000)
    }
}
