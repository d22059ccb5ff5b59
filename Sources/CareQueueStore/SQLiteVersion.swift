import GRDB
import GRDBSQLite

/// The SQLite library this process links, for `--version` and bug reports.
public enum SQLiteVersion {
    public static var current: String { String(cString: sqlite3_libversion()) }
}
