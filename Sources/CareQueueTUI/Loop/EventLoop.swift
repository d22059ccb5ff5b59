import CareQueueCore
import Foundation
import Glibc

/// The dashboard's main loop: one thread, one owner of the model, bubbletea-shaped.
///
/// ```
/// keys (stdin) ─┐                                       ┌─▶ update(&model, event) → .redraw/.quit
/// wake-up pipe ─┴─▶ poll ─▶ events (key, resize, signal, ┤
///   ▲  ▲                     tick, woken) in order      └─▶ view(model, size) → CellGrid ─▶ draw
///   │  └ signal handlers (SIGINT/TERM/HUP/WINCH) write a byte
///   └ Waker.wake(reason) from any thread
/// ```
///
/// It blocks in `poll` while idle (waking only for the tick, by default once a second on the
/// second), coalesces redraws to the frame interval, and restores the terminal on every way out.
@MainActor
public final class EventLoop {
    /// Timing and behaviour of the loop.
    public struct Configuration: Sendable {
        /// Minimum time between two frames (50 ms = at most 20 frames per second).
        public var frameInterval: Duration
        /// Period of `.tick` events, aligned to the clock's whole seconds; nil for none.
        public var tickInterval: Duration?
        /// Below this size the loop draws `TooSmallScreen` instead of calling `view`.
        public var minimumSize: GridSize
        /// Whether the loop turns SIGINT, SIGTERM, SIGHUP and SIGWINCH into events.
        public var handlesSignals: Bool

        public init(frameInterval: Duration = .milliseconds(50), tickInterval: Duration? = .seconds(1),
                    minimumSize: GridSize = GridSize(width: 1, height: 1), handlesSignals: Bool = true) {
            self.frameInterval = frameInterval
            self.tickInterval = tickInterval
            self.minimumSize = minimumSize
            self.handlesSignals = handlesSignals
        }
    }

    /// Give this to other threads (store poller, listener) so they can wake the loop.
    public nonisolated let waker: Waker

    private let channel: WakeChannel
    private let device: any TerminalDevice
    private let clock: any TimeSource
    private let configuration: Configuration
    private let monotonic = ContinuousClock()

    public init(device: any TerminalDevice, clock: any TimeSource = SystemTimeSource(),
                configuration: Configuration = Configuration()) throws(LoopError) {
        let channel = try WakeChannel()
        self.channel = channel
        self.waker = Waker(channel: channel)
        self.device = device
        self.clock = clock
        self.configuration = configuration
    }

    /// Runs until `update` returns `.quit`, a terminating signal arrives or input closes.
    ///
    /// `update` and `view` run on the main thread and must not do I/O; `view` should draw only
    /// what is visible. The terminal is restored before this returns or throws.
    ///
    /// This occupies the main actor until it returns: other threads reach the UI through
    /// `waker`, never by hopping onto the main actor (such work would wait until the loop ends).
    public func run<Model>(_ model: inout Model,
                           update: (inout Model, UIEvent) -> UpdateResult,
                           view: (Model, GridSize) -> CellGrid) throws -> LoopExit {
        let handlesSignals = configuration.handlesSignals
        let previousActions = handlesSignals
            ? SignalRelay.install(signals: SignalRelay.handled, descriptor: channel.writeDescriptor) : [:]
        defer { if handlesSignals { SignalRelay.uninstall(previousActions) } }
        try device.start()
        defer { device.restore() }

        var size = device.size
        var needsDraw = true
        var lastDraw: ContinuousClock.Instant?
        var nextTick = configuration.tickInterval.map { monotonic.now + firstTickDelay($0) }
        var descriptors = [
            pollfd(fd: device.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: channel.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]

        while true {
            let now = monotonic.now
            if needsDraw, lastDraw.map({ now - $0 >= configuration.frameInterval }) ?? true {
                device.draw(render(model, size: size, view: view))
                lastDraw = now
                needsDraw = false
            }

            var deadline = nextTick
            if needsDraw, let lastDraw {
                let frameDue = lastDraw + configuration.frameInterval
                deadline = deadline.map { min($0, frameDue) } ?? frameDue
            }
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            if poll(&descriptors, 2, timeoutMilliseconds(until: deadline)) < 0, errno != EINTR, errno != EAGAIN {
                throw LoopError(message: "poll failed (errno \(errno))")
            }

            var events: [UIEvent] = []
            var resized = false
            var terminatingSignal: Int32?
            var inputClosed = false
            if descriptors[1].revents != 0 { channel.drain() }
            if handlesSignals {
                for signal in SignalRelay.takePending() {
                    switch signal {
                    case SIGWINCH:
                        resized = true
                    case SIGINT:
                        events.append(.interrupted)
                    default:
                        if terminatingSignal == nil {
                            terminatingSignal = signal
                            events.append(.terminated)
                        }
                    }
                }
            }
            let inputFlags = Int32(descriptors[0].revents)
            var keys: [Key] = []
            if inputFlags & Int32(POLLIN) != 0 { keys = device.readKeys() }
            if keys.isEmpty, inputFlags & Int32(POLLHUP | POLLERR | POLLNVAL) != 0 {
                inputClosed = true
                if terminatingSignal == nil { events.append(.terminated) }
            }
            for key in keys {
                if key == .resize {
                    resized = true
                    continue
                }
                if key == .control("l") {
                    device.invalidate()
                    needsDraw = true
                }
                events.append(.keyPressed(key))
            }
            events.append(contentsOf: channel.takeReasons().map(UIEvent.woken))
            if resized {
                device.updateSize()
                size = device.size
                events.insert(.resized(size), at: 0)
                needsDraw = true
            }
            if let tick = nextTick, let interval = configuration.tickInterval, monotonic.now >= tick {
                events.append(.tick(clock.now()))
                var next = tick
                while next <= monotonic.now { next += interval }
                nextTick = next
            }

            for event in events {
                switch update(&model, event) {
                case .redraw: needsDraw = true
                case .unchanged: break
                case .quit: return .quit
                }
            }
            if let terminatingSignal { return .terminated(signal: terminatingSignal) }
            if inputClosed { return .inputClosed }
        }
    }

    private func render<Model>(_ model: Model, size: GridSize, view: (Model, GridSize) -> CellGrid) -> CellGrid {
        guard size.fits(configuration.minimumSize) else {
            return TooSmallScreen.render(size: size, minimum: configuration.minimumSize)
        }
        return view(model, size)
    }

    /// Time to the next multiple of `interval` on the injected clock, so a 1 s tick lands on the
    /// second and the header clock changes when the wall clock does.
    private func firstTickDelay(_ interval: Duration) -> Duration {
        let seconds = interval.seconds
        guard seconds > 0 else { return interval }
        let remainder = clock.now().timeIntervalSince1970.truncatingRemainder(dividingBy: seconds)
        return .seconds(seconds - remainder)
    }

    private func timeoutMilliseconds(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = (deadline - monotonic.now).seconds
        guard remaining > 0 else { return 0 }
        return Int32(min(Double(Int32.max), (remaining * 1000).rounded(.up)))
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
