import Glibc
import Synchronization

/// Last-resort terminal restore for exits the main loop never sees: `exit()` from anywhere
/// (atexit) and fatal signals (a crash, `fatalError`, abort).
///
/// curses' `endwin` is not async-signal-safe, so the crash path does only what is: `tcsetattr`
/// back to the modes saved before curses started, and `write` of the terminal's own reset
/// strings (leave the alternate screen, show the cursor, plain attributes). Then the previous
/// disposition of the signal is reinstated and the signal re-raised, so backtraces and core
/// dumps still happen.
enum CrashGuard {
    /// The signals treated as crashes.
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Saves the terminal modes of `descriptor`; call before curses changes them.
    @MainActor
    static func capture(descriptor: Int32) {
        let storage = CrashGuardStorage.shared
        guard !armed.load(ordering: .sequentiallyConsistent) else { return }
        storage.descriptor = descriptor
        storage.hasModes = tcgetattr(descriptor, storage.modes) == 0
    }

    /// Starts guarding: `resetSequence` is what to write to the terminal if the process dies.
    @MainActor
    static func arm(resetSequence: [UInt8]) {
        let storage = CrashGuardStorage.shared
        guard !armed.load(ordering: .sequentiallyConsistent) else { return }
        storage.resetLength = min(resetSequence.count, CrashGuardStorage.resetCapacity)
        for (index, byte) in resetSequence.prefix(storage.resetLength).enumerated() { storage.reset[index] = byte }
        if !atexitRegistered {
            atexitRegistered = true
            atexit(restoreTerminalAtExit)
        }
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreAfterFatalSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, storage.previousAction(for: signal))
        }
        armed.store(true, ordering: .sequentiallyConsistent)
    }

    /// Stops guarding (the terminal was restored normally) and reinstates the previous handlers.
    @MainActor
    static func disarm() {
        guard armed.exchange(false, ordering: .sequentiallyConsistent) else { return }
        let storage = CrashGuardStorage.shared
        for signal in fatalSignals { sigaction(signal, storage.previousAction(for: signal), nil) }
    }

    /// Restores the saved modes and writes the reset sequence, once. Async-signal-safe.
    static func restoreTerminal() {
        guard armed.exchange(false, ordering: .sequentiallyConsistent) else { return }
        let storage = CrashGuardStorage.shared
        if storage.hasModes { tcsetattr(storage.descriptor, TCSANOW, storage.modes) }
        if storage.resetLength > 0 { _ = write(storage.descriptor, storage.reset, storage.resetLength) }
    }

    @MainActor private static var atexitRegistered = false
}

private let armed = Atomic<Bool>(false)

// A global function, not a closure: a closure written inside a @MainActor method inherits that
// isolation, and its runtime isolation check crashes when exit() runs on another thread.
private func restoreTerminalAtExit() {
    CrashGuard.restoreTerminal()
}

private func restoreAfterFatalSignal(_ signal: Int32) {
    CrashGuard.restoreTerminal()
    sigaction(signal, CrashGuardStorage.shared.previousAction(for: signal), nil)
    // Re-delivered when this handler returns (the signal is blocked while it runs): a fault
    // re-executes the faulting instruction, abort() and raise() see the reinstated action.
    raise(signal)
}

/// Fixed memory the crash handler reads; allocated once and never freed.
///
/// `@unchecked Sendable`: written only on the main actor while the guard is disarmed, read by
/// `restoreTerminal` only while it is armed (the atomic `armed` flag orders the two).
private final class CrashGuardStorage: @unchecked Sendable {
    static let resetCapacity = 256
    static let shared = CrashGuardStorage()

    var descriptor: Int32 = STDIN_FILENO
    var hasModes = false
    var resetLength = 0
    let modes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    let reset = UnsafeMutablePointer<UInt8>.allocate(capacity: resetCapacity)
    private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    private init() {
        previousActions.initialize(repeating: sigaction(), count: 65)
        modes.initialize(to: termios())
        reset.initialize(repeating: 0, count: CrashGuardStorage.resetCapacity)
    }

    func previousAction(for signal: Int32) -> UnsafeMutablePointer<sigaction> {
        previousActions + Int(max(0, min(64, signal)))
    }
}
