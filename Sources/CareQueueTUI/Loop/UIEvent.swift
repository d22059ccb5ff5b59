import Foundation

/// Something that happened, delivered to the dashboard's `update` on the main thread.
public enum UIEvent: Sendable, Equatable {
    /// The user pressed a key (Ctrl-C included: in raw mode it is a key, not a signal).
    case keyPressed(Key)
    /// The terminal is now this size; the screen will be redrawn whatever `update` returns.
    case resized(GridSize)
    /// SIGINT arrived (e.g. `kill -INT`); `update` decides whether that quits.
    case interrupted
    /// SIGTERM or SIGHUP arrived; the loop stops after `update` has seen this.
    case terminated
    /// The periodic tick, with the injected clock's time (for the header clock and aging).
    case tick(Date)
    /// Another thread called `Waker.wake(_:)` with this reason.
    case woken(WakeReason)
}

/// What `update` wants after an event.
public enum UpdateResult: Sendable, Equatable {
    /// The model changed: render and draw (coalesced to the frame rate).
    case redraw
    /// Nothing visible changed.
    case unchanged
    /// Leave the loop; the terminal is restored.
    case quit
}

/// Why the loop stopped.
public enum LoopExit: Sendable, Equatable {
    /// `update` returned `.quit`.
    case quit
    /// SIGTERM or SIGHUP; callers conventionally exit with 128 + signal.
    case terminated(signal: Int32)
    /// Standard input hung up (the terminal went away).
    case inputClosed
}
