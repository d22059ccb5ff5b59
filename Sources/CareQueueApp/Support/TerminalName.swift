import Glibc

/// Which terminal a person sits at, for access-audit rows.
public enum TerminalName {
    /// The device of standard input (`/dev/pts/3`), or "none" when it is not a terminal.
    public static func standardInput() -> String {
        guard isatty(STDIN_FILENO) == 1, let name = ttyname(STDIN_FILENO) else { return "none" }
        return String(cString: name)
    }
}
