import Glibc
import Synchronization

/// Why another thread woke the UI loop; reasons raised before the loop runs are coalesced.
public struct WakeReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// A bit number, 0–63.
    public let rawValue: Int

    public init?(rawValue: Int) {
        guard (0..<64).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(bit: Int) { self.rawValue = bit }

    /// A wake-up with nothing more specific to say.
    public static let general = WakeReason(bit: 0)
    /// The store changed (SQLite's `data_version`, PostgreSQL's NOTIFY): re-read what is shown.
    public static let storeChanged = WakeReason(bit: 1)
    /// The listener's state (address, counts, last message) changed.
    public static let listenerChanged = WakeReason(bit: 2)
    /// An escalation sweep recorded new escalations.
    public static let escalationsRecorded = WakeReason(bit: 3)
    /// A coordinator action sent to the store has its answer.
    public static let actionFinished = WakeReason(bit: 4)

    public var description: String {
        switch rawValue {
        case 0: return "general"
        case 1: return "storeChanged"
        case 2: return "listenerChanged"
        case 3: return "escalationsRecorded"
        case 4: return "actionFinished"
        default: return "reason\(rawValue)"
        }
    }
}

/// Wakes the UI loop from any thread. Cheap, never blocks, safe to call after the loop ended.
public struct Waker: Sendable {
    let channel: WakeChannel

    /// Delivers `.woken(reason)` to the loop (once, however often it is called before the loop
    /// gets to it).
    public func wake(_ reason: WakeReason = .general) {
        channel.pendingReasons.bitwiseOr(UInt64(1) << UInt64(reason.rawValue), ordering: .releasing)
        channel.notify()
    }
}

/// The wake-up pipe: a byte in it makes the loop's `poll` return. Signal handlers write to it too.
final class WakeChannel: Sendable {
    let readDescriptor: Int32
    let writeDescriptor: Int32
    let pendingReasons = Atomic<UInt64>(0)

    init() throws(LoopError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw LoopError(message: "cannot create the wake-up pipe (errno \(errno))") }
        for descriptor in descriptors {
            // Non-blocking: a full pipe already guarantees a wake-up, and draining must not block.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    func notify() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe (its bytes only say "look"; the pending sets say what happened).
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
    }

    /// The reasons raised since the last call, in bit order.
    func takeReasons() -> [WakeReason] {
        let bits = pendingReasons.exchange(0, ordering: .acquiring)
        return (0..<64).compactMap { bits & (UInt64(1) << UInt64($0)) != 0 ? WakeReason(rawValue: $0) : nil }
    }
}

/// The UI loop could not start or continue.
public struct LoopError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
