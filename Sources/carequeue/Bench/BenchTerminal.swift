import CareQueueApp
import CareQueueTUI
import Glibc

/// A terminal for the bench: no keys ever arrive on its input pipe, frames are counted and dropped.
/// Closing the pipe's write end (`hangUp`) makes the event loop return, as a vanished terminal would.
@MainActor
final class BenchTerminal: TerminalDevice {
    let size: GridSize
    private(set) var frames = 0
    private let reader: Int32
    private let writer: Int32

    init(size: GridSize) throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw CommandFailure("cannot make a pipe (errno \(errno))") }
        reader = descriptors[0]
        writer = descriptors[1]
        self.size = size
    }

    var inputDescriptor: Int32 { reader }
    func start() throws {}
    func draw(_ grid: CellGrid) { frames += 1 }
    func readKeys() -> [Key] { [] }
    func updateSize() {}
    func invalidate() {}
    func restore() {}

    /// Ends the loop from any thread.
    nonisolated func hangUp() { close(writer) }
}
