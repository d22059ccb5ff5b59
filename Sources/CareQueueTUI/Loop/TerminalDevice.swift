/// What the UI loop needs from a terminal; `Terminal` is the ncurses one, tests use fakes.
@MainActor
public protocol TerminalDevice: AnyObject {
    /// The descriptor keys arrive on (polled by the loop).
    var inputDescriptor: Int32 { get }
    /// The current screen size.
    var size: GridSize { get }
    /// Takes over the terminal (raw mode, alternate screen, colours).
    func start() throws
    /// Shows `grid` (clipped to the screen).
    func draw(_ grid: CellGrid)
    /// The keys available now, without waiting.
    func readKeys() -> [Key]
    /// Re-reads the size after SIGWINCH or a resize key.
    func updateSize()
    /// Forgets what is on screen, so the next draw repaints everything (Ctrl-L).
    func invalidate()
    /// Gives the terminal back as it was. Idempotent.
    func restore()
}
