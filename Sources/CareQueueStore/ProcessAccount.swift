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
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return "uid \(uid)" }
        let text = String(cString: name)
        return text.isEmpty ? "uid \(uid)" : text
    }
}
