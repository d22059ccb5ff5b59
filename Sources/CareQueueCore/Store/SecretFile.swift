/// A password-bearing file as read for `PostgresPassword`: what it holds and whether others may
/// read it. Reading is done by the caller (CareQueueApp's `SecretFileReader`), so the decisions stay
/// testable without files.
public enum SecretFile: Sendable, Equatable {
    case missing
    /// `groupOrWorldAccess`: any permission bit for group or others (mode & 0o077).
    case read(text: String, isRegularFile: Bool, groupOrWorldAccess: Bool)
    /// Exists but cannot be read; the system's reason ("Permission denied").
    case unreadable(reason: String)
}
