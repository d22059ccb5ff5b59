import CareQueueCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The audit anchor of a SQLite store: `<database>-audit-anchor`, one record per line.
///
/// Outside the database on purpose: whoever deletes rows and resets `sqlite_sequence` must also
/// find and rewrite this file, and cannot forge its records without the audit key. Appends happen
/// under an exclusive `flock` (every process that writes audit rows appends here), each record in
/// one `write` followed by `fsync`; the file gets the database's mode and group.
final class AuditAnchorFile: AuditAnchorStore {
    let path: String
    private let sharedGroup: gid_t?

    /// What this process has read and checked of the file: its tail, and how many bytes that was.
    private struct Known {
        var tail = AuditAnchorTail()
        var length = 0
        var file: (device: UInt64, inode: UInt64)?
    }

    private let known = Mutex(Known())

    init(databasePath: String, sharedGroup: gid_t?) {
        path = databasePath + "-audit-anchor"
        self.sharedGroup = sharedGroup
    }

    /// Moves aside an anchor left by a database that is gone, before a new one is made at the same
    /// path: its records describe another chain, which the new one could never reach. Returns the
    /// new name, nil when there was none.
    static func retireOrphan(databasePath: String, at now: Date) throws -> String? {
        let path = databasePath + "-audit-anchor"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let retired = path + ".orphaned-" + Timestamp.iso(now).replacingOccurrences(of: ":", with: "")
        do {
            try FileManager.default.moveItem(atPath: path, toPath: retired)
        } catch {
            throw StoreError.auditAnchor("\(path) belongs to a database that is gone and cannot be moved aside: \(error.localizedDescription)")
        }
        return retired
    }

    func log() throws -> AuditAnchorLog {
        guard FileManager.default.fileExists(atPath: path) else { return AuditAnchorLog() }
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError.auditAnchor("cannot read \(path)") }
        switch AuditAnchorLog.parse(String(decoding: data, as: UTF8.self)) {
        case .success(let log): return log
        case .failure(let error): throw StoreError.auditAnchor("\(path): \(error.description)")
        }
    }

    func append(checkingWith chain: AuditChain,
                _ next: (AuditAnchorTail) throws -> AuditAnchorRecord?) throws -> AuditAnchorRecord? {
        try known.withLock { known in
            let descriptor = try openForAppending()
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX) == 0 else { throw failure("cannot lock") }
            defer { flock(descriptor, LOCK_UN) }
            try catchUp(&known, descriptor: descriptor, chain: chain)
            guard let record = try next(known.tail) else { return nil }
            let line = Array((record.line + "\n").utf8)
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(descriptor) == 0 else {
                // A short write leaves a torn line that the next append cuts off again.
                throw failure("cannot append (\(String(cString: strerror(errno))))")
            }
            _ = known.tail.accept(record, chain: chain)
            known.length += line.count
            return record
        }
    }

    /// Reads what other processes appended since this one last looked, checking every record.
    private func catchUp(_ known: inout Known, descriptor: Int32, chain: AuditChain) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot stat") }
        let identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        let size = Int(status.st_size)
        if known.file.map({ $0 != identity }) ?? true || size < known.length {
            known = Known(file: identity)
        }
        guard size > known.length else { return }
        var bytes = [UInt8](repeating: 0, count: size - known.length)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(known.length)) }
        guard read == bytes.count else { throw failure("cannot read") }
        // A crash mid-append can leave a last line without its newline: it never held a whole record.
        let complete = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        for line in bytes[..<complete].split(separator: 0x0A) {
            guard let record = AuditAnchorRecord(line: Substring(decoding: line, as: UTF8.self)) else {
                throw StoreError.auditAnchor("\(path) holds a line that is not an anchor record: run `carequeue audit verify`")
            }
            if let problem = known.tail.accept(record, chain: chain) {
                throw StoreError.auditAnchor("\(path): \(problem.description): run `carequeue audit verify`")
            }
        }
        known.length += complete
        if complete < bytes.count, ftruncate(descriptor, off_t(known.length)) != 0 {
            throw failure("cannot cut a torn last line")
        }
    }

    private func openForAppending() throws -> Int32 {
        let mode: mode_t = sharedGroup == nil ? 0o600 : 0o660
        let descriptor = FilePermissions.withUmask(FilePermissions.umask(sharedWithGroup: sharedGroup != nil)) {
            open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, mode)
        }
        guard descriptor >= 0 else { throw failure("cannot open (\(String(cString: strerror(errno))))") }
        if let sharedGroup { _ = fchown(descriptor, uid_t.max, sharedGroup) }
        return descriptor
    }

    private func failure(_ what: String) -> StoreError {
        .auditAnchor("audit anchor \(path): \(what)")
    }
}
