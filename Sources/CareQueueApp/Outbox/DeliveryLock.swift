#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// "Exactly one delivery worker per database": an exclusive `flock` on a file beside the database.
/// The kernel drops it when its holder exits, however it exits (SIGKILL included), so a crashed
/// worker never blocks the next one, and no lease needs expiring.
public final class DeliveryLock: Sendable {
    public let path: String
    /// The open, locked descriptor; nil while not held.
    private let descriptor = Mutex<Int32?>(nil)

    /// The lock for the database at `databasePath`.
    public init(databasePath: String) {
        path = databasePath + "-outbox.lock"
    }

    /// Takes the lock if it is free; true when this process holds it (now or already). Throws when
    /// the lock file cannot be opened (a directory this account cannot write).
    public func tryAcquire() throws(DeliveryLockError) -> Bool {
        try descriptor.withLock { held throws(DeliveryLockError) -> Bool in
            if held != nil { return true }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw DeliveryLockError(path: path, errno: errno) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return false
            }
            held = fd
            return true
        }
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
public struct DeliveryLockError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot open the delivery lock \(path): \(String(cString: strerror(errno)))"
    }
}
