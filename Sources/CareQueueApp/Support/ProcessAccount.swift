import Foundation
import Glibc

/// The operating-system account running this process, as `id -un` prints it.
public enum ProcessAccount {
    /// The passwd entry's name; the numeric uid when there is none (containers with an arbitrary uid).
    public static var name: String {
        let uid = getuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }
}
