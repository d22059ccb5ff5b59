import CareQueueCore
import CareQueueTUI
import Foundation
import Glibc
import Testing
import TestSupport

/// The keyboard side of a fake terminal: a pipe whose read end the loop polls.
final class InputPipe {
    let reader: Int32
    private var writer: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        precondition(pipe(&descriptors) == 0)
        _ = fcntl(descriptors[0], F_SETFL, fcntl(descriptors[0], F_GETFL) | O_NONBLOCK)
        reader = descriptors[0]
        writer = descriptors[1]
    }

    deinit {
        close(reader)
        hangUp()
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(writer, $0.baseAddress, $0.count) }
    }

    func hangUp() {
        if writer >= 0 { close(writer) }
        writer = -1
    }
}

/// A terminal made of a pipe (for keys) and a list of drawn grids.
@MainActor
final class FakeTerminal: TerminalDevice {
    private let input = InputPipe()
    var inputDescriptor: Int32 { input.reader }
    var size: GridSize
    var sizeAfterResize: GridSize?
    var drawn: [CellGrid] = []
    var restoreCount = 0
    var invalidateCount = 0
    var onStart: () -> Void = {}
    var onDraw: (Int) -> Void = { _ in }

    init(size: GridSize = GridSize(width: 40, height: 10)) {
        self.size = size
    }

    /// Queues bytes as if typed.
    func type(_ text: String) { input.write(text) }

    /// Hangs up the input side, as a vanished terminal would.
    func hangUp() { input.hangUp() }

    func start() throws { onStart() }

    func draw(_ grid: CellGrid) {
        drawn.append(grid)
        onDraw(drawn.count)
    }

    func readKeys() -> [Key] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(inputDescriptor, &buffer, buffer.count)
        guard count > 0 else { return [] }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return KeyDecoder.keys(from: text.unicodeScalars.map { .character($0.value) })
    }

    func updateSize() { if let sizeAfterResize { size = sizeAfterResize } }
    func invalidate() { invalidateCount += 1 }
    func restore() { restoreCount += 1 }
}

/// Records events; quits on `q`.
struct Recorder {
    var events: [UIEvent] = []
    var typed = ""

    static func update(_ model: inout Recorder, _ event: UIEvent) -> UpdateResult {
        model.events.append(event)
        if case .keyPressed(.character(let character)) = event {
            if character == "q" { return .quit }
            model.typed.append(character)
        }
        return .redraw
    }

    static func view(_ model: Recorder, _ size: GridSize) -> CellGrid {
        var grid = CellGrid(size: size)
        grid.put(model.typed, x: 0, y: 0, role: .normal)
        return grid
    }
}

@MainActor
@Suite("Event loop", .serialized)
struct EventLoopTests {
    private let quiet = EventLoop.Configuration(frameInterval: .zero, tickInterval: nil)

    private func run(_ terminal: FakeTerminal, configuration: EventLoop.Configuration? = nil,
                     clock: any TimeSource = SystemTimeSource(),
                     prepare: (EventLoop) -> Void = { _ in }) throws -> (LoopExit, Recorder) {
        let loop = try EventLoop(device: terminal, clock: clock, configuration: configuration ?? quiet)
        prepare(loop)
        var model = Recorder()
        let exit = try loop.run(&model, update: Recorder.update, view: Recorder.view)
        return (exit, model)
    }

    @Test("keys reach update in order; .quit stops the loop and restores the terminal once")
    func keysThenQuit() throws {
        let terminal = FakeTerminal()
        terminal.type("jkq")
        let (exit, model) = try run(terminal)
        #expect(exit == .quit)
        #expect(model.events == [.keyPressed(.character("j")), .keyPressed(.character("k")), .keyPressed(.character("q"))])
        #expect(terminal.restoreCount == 1)
        #expect(terminal.drawn.count == 1)
    }

    @Test("a wake from another thread arrives as .woken with its reason")
    func wakeFromAnotherThread() throws {
        let terminal = FakeTerminal()
        let (_, model) = try run(terminal) { loop in
            let waker = loop.waker
            terminal.onDraw = { count in
                if count == 1 { Thread.detachNewThread { waker.wake(.storeChanged) } }
                if count == 2 { terminal.type("q") }
            }
        }
        #expect(model.events == [.woken(.storeChanged), .keyPressed(.character("q"))])
    }

    @Test("wakes raised before the loop gets to them are coalesced per reason")
    func wakesCoalesce() throws {
        let terminal = FakeTerminal()
        terminal.onDraw = { count in if count == 2 { terminal.type("q") } }
        let (_, model) = try run(terminal) { loop in
            for _ in 0..<3 { loop.waker.wake(.storeChanged) }
            loop.waker.wake()
        }
        #expect(model.events == [.woken(.general), .woken(.storeChanged), .keyPressed(.character("q"))])
    }

    @Test("SIGTERM reaches update as .terminated and stops the loop even though update carries on")
    func sigterm() throws {
        let terminal = FakeTerminal()
        terminal.onStart = { kill(getpid(), SIGTERM) }
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        let loop = try EventLoop(device: terminal, configuration: quiet)
        var events: [UIEvent] = []
        let exit = try loop.run(&events, update: { events, event in
            events.append(event)
            return .unchanged
        }, view: { _, size in CellGrid(size: size) })
        #expect(exit == .terminated(signal: SIGTERM))
        #expect(events == [.terminated])
        #expect(terminal.restoreCount == 1)
        var after = sigaction()
        sigaction(SIGTERM, nil, &after)
        #expect(unsafeBitCast(after.__sigaction_handler, to: Int.self) == unsafeBitCast(before.__sigaction_handler, to: Int.self))
    }

    @Test("SIGHUP ends the loop like SIGTERM")
    func sighup() throws {
        let terminal = FakeTerminal()
        terminal.onStart = { kill(getpid(), SIGHUP) }
        let (exit, model) = try run(terminal)
        #expect(exit == .terminated(signal: SIGHUP))
        #expect(model.events == [.terminated])
    }

    @Test("SIGINT is an event; update decides what it means")
    func sigint() throws {
        let terminal = FakeTerminal()
        terminal.onStart = { kill(getpid(), SIGINT) }
        let loop = try EventLoop(device: terminal, configuration: quiet)
        var model = Recorder()
        let exit = try loop.run(&model, update: { model, event in
            if event == .interrupted { terminal.type("q") }
            return Recorder.update(&model, event)
        }, view: Recorder.view)
        #expect(exit == .quit)
        #expect(model.events == [.interrupted, .keyPressed(.character("q"))])
    }

    @Test("SIGWINCH re-reads the size, delivers .resized first and redraws at the new size")
    func sigwinch() throws {
        let terminal = FakeTerminal(size: GridSize(width: 40, height: 10))
        terminal.sizeAfterResize = GridSize(width: 100, height: 30)
        terminal.onStart = { kill(getpid(), SIGWINCH) }
        terminal.onDraw = { count in if count == 2 { terminal.type("q") } }
        let (_, model) = try run(terminal)
        #expect(model.events.first == .resized(GridSize(width: 100, height: 30)))
        #expect(terminal.drawn.map(\.size) == [GridSize(width: 40, height: 10), GridSize(width: 100, height: 30)])
    }

    @Test("many events between two frames make one redraw showing all of them")
    func redrawsCoalesce() throws {
        let terminal = FakeTerminal()
        terminal.type("abc")
        terminal.onDraw = { count in if count == 2 { terminal.type("q") } }
        let configuration = EventLoop.Configuration(frameInterval: .milliseconds(50), tickInterval: nil)
        let (_, model) = try run(terminal, configuration: configuration)
        #expect(model.typed == "abc")
        #expect(terminal.drawn.count == 2)
        #expect(terminal.drawn.last?.text(row: 0).hasPrefix("abc") == true)
    }

    @Test("a terminal below the minimum size shows the too-small screen instead of the view")
    func tooSmall() throws {
        let terminal = FakeTerminal(size: GridSize(width: 30, height: 5))
        terminal.type("xq")
        let configuration = EventLoop.Configuration(frameInterval: .zero, tickInterval: nil,
                                                    minimumSize: GridSize(width: 80, height: 24))
        _ = try run(terminal, configuration: configuration)
        #expect(terminal.drawn.first?.lines.contains { $0.contains("Terminal too small") } == true)
        #expect(terminal.drawn.contains { $0.text(row: 0).hasPrefix("x") } == false)
    }

    @Test("ticks carry the injected clock's time")
    func tickUsesInjectedClock() throws {
        let instant = Date(timeIntervalSince1970: 1_700_000_000.5)
        let terminal = FakeTerminal()
        let configuration = EventLoop.Configuration(frameInterval: .zero, tickInterval: .milliseconds(1))
        let loop = try EventLoop(device: terminal, clock: FixedTimeSource(instant), configuration: configuration)
        var ticks: [Date] = []
        _ = try loop.run(&ticks, update: { ticks, event in
            guard case .tick(let date) = event else { return .unchanged }
            ticks.append(date)
            return .quit
        }, view: { _, size in CellGrid(size: size) })
        #expect(ticks == [instant])
    }

    @Test("Ctrl-L forces a full repaint and is still delivered")
    func controlL() throws {
        let terminal = FakeTerminal()
        terminal.type("\u{0C}q")
        let (_, model) = try run(terminal)
        #expect(terminal.invalidateCount == 1)
        #expect(model.events == [.keyPressed(.control("l")), .keyPressed(.character("q"))])
    }

    @Test("input hanging up ends the loop after update saw .terminated")
    func inputHangUp() throws {
        let terminal = FakeTerminal()
        terminal.hangUp()
        let (exit, model) = try run(terminal)
        #expect(exit == .inputClosed)
        #expect(model.events == [.terminated])
        #expect(terminal.restoreCount == 1)
    }
}
