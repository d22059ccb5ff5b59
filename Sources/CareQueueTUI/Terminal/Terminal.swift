import CNcursesw
import Foundation
import Glibc

/// The ncurses terminal: the only code that talks to curses, on the main thread only.
///
/// It copies `CellGrid`s to the screen (redrawing only rows that changed), resolves style roles
/// through the theme to colour pairs and attributes for the colours the terminal has, and reads
/// keys. `restore()` is idempotent and also runs at exit and on a crash (`CrashGuard`).
@MainActor
public final class Terminal: TerminalDevice {
    public private(set) var size = GridSize(width: 0, height: 0)
    public nonisolated var inputDescriptor: Int32 { STDIN_FILENO }
    /// The colour depth in use (after `NO_COLOR` and the terminal's `COLORS`).
    public private(set) var colorDepth: ColorDepth = .monochrome

    private var theme: Theme
    private let environment: [String: String]
    private var screen: OpaquePointer?
    private var styles = StyleTable.resolve(theme: .monochrome, depth: .monochrome, maxPairs: 0)
    private var onScreen: CellGrid?
    /// The bell count of the last frame drawn (nil before the first).
    private var bellsRung: Int?
    private var unicode = true
    private var defaultColors = true
    private var colorsStarted = false

    /// - Parameters:
    ///   - theme: how roles look; degraded to the terminal's colours (monochrome under `NO_COLOR`).
    ///   - environment: consulted for `NO_COLOR` (and by curses for `TERM`).
    public init(theme: Theme = .standard, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme
        self.environment = environment
    }

    /// Takes over the terminal: UTF-8 locale, raw keys without echo, hidden cursor, colours.
    public func start() throws {
        guard screen == nil else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(message: "the dashboard needs a terminal on standard input and output")
        }
        // Before curses: the locale decides whether curses reads and writes UTF-8.
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        CrashGuard.capture(descriptor: STDIN_FILENO)
        guard let newScreen = newterm(nil, cq_stdout(), cq_stdin()) else {
            throw TerminalError(message: "cannot use terminal type '\(environment["TERM"] ?? "")'")
        }
        screen = newScreen
        set_term(newScreen)
        // raw: Ctrl-C/Ctrl-Z arrive as keys, so a keypress can never kill the UI mid-frame.
        raw()
        noecho()
        nonl()
        keypad(cq_stdscr(), true)
        nodelay(cq_stdscr(), true)
        // Long enough for an escape sequence to arrive whole, short enough that Esc feels instant.
        set_escdelay(25)
        curs_set(0)
        setUpColors()
        updateSize()
        CrashGuard.arm(resetSequence: resetSequence())
    }

    /// Switches to `theme` and repaints.
    public func apply(theme: Theme) {
        self.theme = theme
        guard screen != nil else { return }
        setUpColors()
        invalidate()
    }

    public func draw(_ grid: CellGrid) {
        guard screen != nil else { return }
        let full = onScreen?.size != grid.size
        if full { werase(cq_stdscr()) }
        let rows = min(grid.height, size.height)
        for y in 0..<rows where full || onScreen?.row(y) != grid.row(y) {
            drawRow(y, of: grid)
        }
        onScreen = grid
        wrefresh(cq_stdscr())
        // The first frame sets the count; each rise after it is one ring (BEL, or a flash without one).
        if let rung = bellsRung, grid.bells > rung { beep() }
        bellsRung = grid.bells
    }

    public func readKeys() -> [Key] {
        guard screen != nil else { return [] }
        var inputs: [CursesInput] = []
        var character: wint_t = 0
        // Bounded so a flood of pasted text cannot starve drawing; the rest is read next time.
        while inputs.count < 4096 {
            let status = cq_get_wch(&character)
            if status == ERR { break }
            inputs.append(status == KEY_CODE_YES ? .keyCode(Int32(character)) : .character(UInt32(character)))
        }
        return KeyDecoder.keys(from: inputs)
    }

    public func updateSize() {
        guard screen != nil else { return }
        var rows: Int32 = 0, columns: Int32 = 0
        // The kernel knows the new size even when curses' own SIGWINCH handler is not installed.
        if cq_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, rows != cq_lines() || columns != cq_cols() {
            resizeterm(rows, columns)
        }
        cq_getmaxyx(cq_stdscr(), &rows, &columns)
        size = GridSize(width: Int(columns), height: Int(rows))
        onScreen = nil
    }

    public func invalidate() {
        guard screen != nil else { return }
        onScreen = nil
        clearok(cq_curscr(), true)
    }

    public func restore() {
        guard let current = screen else { return }
        screen = nil
        onScreen = nil
        endwin()
        CrashGuard.disarm()
        delscreen(current)
        colorsStarted = false
    }

    private func setUpColors() {
        var terminalColors = 0
        if has_colors() {
            if !colorsStarted {
                start_color()
                defaultColors = use_default_colors() == OK
                colorsStarted = true
            }
            terminalColors = Int(cq_colors())
        }
        colorDepth = ColorDepth.detect(terminalColors: terminalColors, environment: environment)
        let pairs = colorDepth == .monochrome ? 0 : Int(cq_color_pairs())
        styles = StyleTable.resolve(theme: theme, depth: colorDepth, maxPairs: pairs, defaultColorsAvailable: defaultColors)
        for (offset, pair) in styles.pairs.enumerated() {
            init_pair(Int16(offset + 1), Int16(pair.foreground), Int16(pair.background))
        }
    }

    private func drawRow(_ y: Int, of grid: CellGrid) {
        let columns = min(grid.width, size.width)
        var currentRole: StyleRole?
        var x = 0
        while x < columns {
            let cell = grid[x, y]
            let wide = x + 1 < grid.width && grid[x + 1, y].isContinuation
            if cell.role != currentRole {
                setStyle(styles.style(for: cell.role))
                currentRole = cell.role
            }
            if cell.isContinuation || (wide && x + 1 >= columns) {
                // An orphaned or clipped half of a wide character.
                _ = cq_mvaddstr(Int32(y), Int32(x), " ")
                x += 1
                continue
            }
            put(cell.text, wide: wide, x: x, y: y)
            x += wide ? 2 : 1
        }
    }

    private func put(_ text: String, wide: Bool, x: Int, y: Int) {
        if unicode || text.utf8.allSatisfy({ $0 < 0x80 }) {
            _ = cq_mvaddstr(Int32(y), Int32(x), text)
            return
        }
        // A non-UTF-8 locale: line drawing through the terminal's own set, other text as '?'.
        switch LegacyGlyph.glyph(for: text) {
        case .line(let line): _ = cq_mvaddch(Int32(y), Int32(x), lineCharacter(line))
        case .text(let ascii): _ = cq_mvaddstr(Int32(y), Int32(x), wide ? ascii + ascii : ascii)
        }
    }

    private func setStyle(_ style: ResolvedStyle) {
        var attributes = cq_a_normal()
        if style.attributes.contains(.bold) { attributes |= cq_a_bold() }
        if style.attributes.contains(.dim) { attributes |= cq_a_dim() }
        if style.attributes.contains(.underline) { attributes |= cq_a_underline() }
        if style.attributes.contains(.reverse) { attributes |= cq_a_reverse() }
        if style.attributes.contains(.italic) { attributes |= cq_a_italic() }
        _ = cq_attr_set(attributes, Int16(style.pair))
    }

    private func lineCharacter(_ line: LegacyGlyph.Line) -> chtype {
        switch line {
        case .horizontal: return cq_acs_hline()
        case .vertical: return cq_acs_vline()
        case .topLeft: return cq_acs_ulcorner()
        case .topRight: return cq_acs_urcorner()
        case .bottomLeft: return cq_acs_llcorner()
        case .bottomRight: return cq_acs_lrcorner()
        case .teeRight: return cq_acs_ltee()
        case .teeLeft: return cq_acs_rtee()
        case .teeDown: return cq_acs_ttee()
        case .teeUp: return cq_acs_btee()
        case .cross: return cq_acs_plus()
        }
    }

    /// The terminal's own strings for leaving keypad mode and the alternate screen, plain
    /// attributes and a visible cursor: what the crash path writes.
    private func resetSequence() -> [UInt8] {
        ["sgr0", "cnorm", "rmkx", "rmcup"].flatMap { capability -> [UInt8] in
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { return [] }
            return Array(String(cString: value).utf8)
        }
    }
}

/// The terminal could not be taken over.
public struct TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
