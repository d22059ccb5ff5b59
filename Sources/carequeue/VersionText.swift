import CareQueueCore
import CareQueueStore
import CareQueueTUI

/// `carequeue --version`: this release and the libraries it runs on, for bug reports and inventories.
enum VersionText {
    static var full: String {
        """
        carequeue \(CareQueueVersion.current)
        SQLite \(SQLiteVersion.current)
        \(CursesLibrary.version)
        """
    }
}
