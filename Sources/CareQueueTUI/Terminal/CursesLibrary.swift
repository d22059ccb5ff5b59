import CNcursesw

/// The ncurses library this process links. Reading its version string needs no screen, so any
/// thread may ask.
public enum CursesLibrary {
    /// "ncurses 6.4.20240113", as the library says.
    public static var version: String { String(cString: cq_curses_version()) }
}
