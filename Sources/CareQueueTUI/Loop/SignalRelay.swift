import Glibc
import Synchronization

// The handler may only touch async-signal-safe state: two lock-free atomics and write(2).
// Both are initialised (touched) by `SignalRelay.install` before any handler can run.
private let relayDescriptor = Atomic<Int32>(-1)
private let relayPending = Atomic<UInt64>(0)

private func relaySignal(_ signal: Int32) {
    let savedErrno = errno
    relayPending.bitwiseOr(UInt64(1) << UInt64(signal & 63), ordering: .sequentiallyConsistent)
    var byte: UInt8 = 2
    _ = write(relayDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
    errno = savedErrno
}

/// Turns signals into bytes on the wake-up pipe; the loop turns them into events.
///
/// Nothing but recording the signal happens in the handler: the terminal is restored by the main
/// loop, never from signal context.
enum SignalRelay {
    /// The signals the UI loop handles.
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

    /// Installs the relay for `signals`, writing to `descriptor`; returns the previous actions.
    static func install(signals: [Int32], descriptor: Int32) -> [Int32: sigaction] {
        relayPending.store(0, ordering: .sequentiallyConsistent)
        relayDescriptor.store(descriptor, ordering: .sequentiallyConsistent)
        var previous: [Int32: sigaction] = [:]
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = relaySignal
            sigemptyset(&action.sa_mask)
            // SA_RESTART keeps curses' writes from failing with EINTR; poll() is never restarted,
            // and the pipe byte wakes it anyway.
            action.sa_flags = SA_RESTART
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous[signal] = old }
        }
        return previous
    }

    /// Puts back the actions `install` replaced.
    static func uninstall(_ previous: [Int32: sigaction]) {
        for (signal, action) in previous {
            var action = action
            sigaction(signal, &action, nil)
        }
        relayDescriptor.store(-1, ordering: .sequentiallyConsistent)
    }

    /// The signals received since the last call, in number order.
    static func takePending() -> [Int32] {
        let bits = relayPending.exchange(0, ordering: .sequentiallyConsistent)
        return (1..<64).compactMap { bits & (UInt64(1) << UInt64($0)) != 0 ? Int32($0) : nil }
    }
}
