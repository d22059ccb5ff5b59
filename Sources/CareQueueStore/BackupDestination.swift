import CareQueueCore
import Foundation

/// Why `backup` wrote nothing (or, for `auditUnverified`, wrote a copy whose audit trail fails).
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(path: String)
    case sameAsSource(path: String)
    case noDirectory(path: String)
    case unwritableDirectory(path: String)
    case diskFull(path: String)
    case integrity(path: String, problem: String)
    case io(path: String, what: String)

    public var description: String {
        switch self {
        case .exists(let path): return "\(path) already exists; pass --force to replace it"
        case .sameAsSource(let path): return "\(path) is the database being backed up; name another file"
        case .noDirectory(let path): return "cannot back up into \(path): no such directory"
        case .unwritableDirectory(let path): return "cannot back up into \(path): the directory is not writable"
        case .diskFull(let path): return "the disk holding \(path) is full; the partial copy was removed"
        case .integrity(let path, let problem): return "the copy at \(path) failed its check (\(problem)); nothing was written"
        case .io(let path, let what): return "backup to \(path): \(what)"
        }
    }
}

/// Where a backup goes: a temporary file beside `path`, published with one atomic rename (or link,
/// which refuses to replace) once it is complete, synced and verified — so `path` is either absent,
/// the previous file, or the whole new copy, never half of one.
struct BackupDestination {
    let path: String
    let replacing: Bool
    let temporary: String

    var anchor: String { path + "-audit-anchor" }
    var temporaryAnchor: String { temporary + "-audit-anchor" }

    /// Checks that `path` may be written before any work is done.
    init(path: String, replacing: Bool, source: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackupError.noDirectory(path: directory)
        }
        guard access(directory, W_OK) == 0 else { throw BackupError.unwritableDirectory(path: directory) }
        if Self.sameFile(path, source) { throw BackupError.sameAsSource(path: path) }
        if !replacing {
            for existing in [path, path + "-audit-anchor"] where FileManager.default.fileExists(atPath: existing) {
                throw BackupError.exists(path: existing)
            }
        }
        self.path = path
        self.replacing = replacing
        temporary = directory + "/." + url.lastPathComponent + ".partial-\(getpid())"
    }

    /// Removes the temporary copy and whatever SQLite left beside it.
    func discard() {
        for file in [temporary, temporary + "-wal", temporary + "-shm", temporaryAnchor] { unlink(file) }
    }

    /// Makes the temporary file private and durable.
    func seal(_ file: String) throws {
        guard chmod(file, 0o600) == 0 else { throw failure("cannot make \(file) private") }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(file)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot sync \(file)") }
    }

    /// Moves the verified copy and its anchor into place, then syncs the directory entry.
    func publish() throws {
        if replacing {
            // A WAL left beside an older file at `path` would be replayed onto the new one.
            for stale in [path + "-wal", path + "-shm"] { unlink(stale) }
            guard rename(temporary, path) == 0 else { throw failure("cannot move the copy into place") }
            guard rename(temporaryAnchor, anchor) == 0 else { throw failure("cannot move the copy's audit anchor into place") }
        } else {
            // link() refuses an existing name: a file that appeared since the check is never replaced.
            guard link(temporary, path) == 0 else {
                throw errno == EEXIST ? BackupError.exists(path: path) : failure("cannot move the copy into place")
            }
            guard link(temporaryAnchor, anchor) == 0 else {
                unlink(path)
                throw errno == EEXIST ? BackupError.exists(path: anchor) : failure("cannot move the copy's audit anchor into place")
            }
            discard()
        }
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            defer { close(directory) }
            _ = fsync(directory)
        }
    }

    /// Writes the copy's anchor log (records one per line), private and synced.
    func writeAnchor(_ lines: [String]) throws {
        let text = lines.map { $0 + "\n" }.joined()
        guard FileManager.default.createFile(atPath: temporaryAnchor, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600])
        else { throw failure("cannot write the copy's audit anchor") }
        try seal(temporaryAnchor)
    }

    private func failure(_ what: String) -> BackupError {
        let reason = String(cString: strerror(errno))
        if errno == ENOSPC { return .diskFull(path: path) }
        return .io(path: path, what: "\(what) (\(reason))")
    }

    private static func sameFile(_ one: String, _ other: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(one, &first) == 0, stat(other, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
