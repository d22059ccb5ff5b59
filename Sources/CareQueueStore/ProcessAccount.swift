import Glibc

/// The operating-system account this process runs as, which every audit row it writes records.
///
/// From the real uid (not `$USER`, which anyone can set): the passwd entry's name, or `uid N`
/// when the uid has none (a container's arbitrary uid).
public enum ProcessAccount {
    /// Looked up once: the uid of a process does not change while CareQueue runs.
    public static let current: String = name(ofUID: getuid())

    /// The account name of `uid`, or `uid N`.
    public static func name(ofUID uid: uid_t) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var size = 4096
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
            // A directory service may return entries longer than the first guess.
            if status == ERANGE, size < 1 << 20 {
                size *= 2
                continue
            }
            guard status == 0, result != nil, let name = entry.pw_name, name.pointee != 0 else { return "uid \(uid)" }
            return String(cString: name)
        }
    }
}
