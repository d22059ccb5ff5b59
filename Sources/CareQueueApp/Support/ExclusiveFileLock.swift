#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// "Exactly one of these per database": an exclusive `flock` on a file beside the database. The
/// kernel drops it when its holder exits, however it exits (SIGKILL included), so a crashed holder
/// never blocks the next one, and no lease needs expiring.
///
/// The holder may write a few words into the file (who it is); a process refused the lock reads
/// them to say whom it gave way to.
public final class ExclusiveFileLock: Sendable {
    public let path: String
    /// The open, locked descriptor; nil while not held.
    private let descriptor = Mutex<Int32?>(nil)

    public init(path: String) {
        self.path = path
    }

    /// The outbox's: one process delivers to the EHR (`<db>-outbox.lock`).
    public static func delivery(databasePath: String) -> ExclusiveFileLock {
        ExclusiveFileLock(path: databasePath + "-outbox.lock")
    }

    /// The listener's: one `listen` (or dashboard listener) per database (`<db>-listener.lock`).
    public static func listener(databasePath: String) -> ExclusiveFileLock {
        ExclusiveFileLock(path: databasePath + "-listener.lock")
    }

    /// Takes the lock if it is free; true when this process holds it (now or already). Throws when
    /// the lock file cannot be opened (a directory this account cannot write).
    public func tryAcquire() throws(FileLockError) -> Bool {
        try descriptor.withLock { held throws(FileLockError) -> Bool in
            if held != nil { return true }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileLockError(path: path, errno: errno) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return false
            }
            held = fd
            return true
        }
    }

    /// Replaces the file's words with `text`, while this process holds the lock (else does nothing).
    public func record(_ text: String) {
        descriptor.withLock { held in
            guard let fd = held else { return }
            let bytes = Array(text.utf8)
            _ = ftruncate(fd, 0)
            _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    /// What the holder wrote into the file (empty when nothing, or when it cannot be read).
    public func recorded() -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    /// Lets the lock go (closing the descriptor releases it).
    public func release() {
        descriptor.withLock { held in
            if let fd = held { close(fd) }
            held = nil
        }
    }

    deinit {
        release()
    }
}

/// The lock file could not be opened.
public struct FileLockError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot open the lock file \(path): \(String(cString: strerror(errno)))"
    }
}
