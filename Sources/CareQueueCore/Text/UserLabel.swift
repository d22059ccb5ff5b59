/// The `--user` label audit rows carry beside the account: a name the person gives, shown on
/// screens and in logs, so it must say something and must not drive a terminal.
public enum UserLabel {
    public static let maximumLength = 64

    /// Why `label` cannot be recorded, or nil when it can.
    public static func problem(_ label: String) -> String? {
        if UntrustedText.isBlank(label) {
            return "--user is empty or blank: give the name to record beside your account, or leave --user out"
        }
        if UntrustedText.hasControlCharacters(label) {
            return "--user '\(UntrustedText.visible(label))' holds control characters"
        }
        if label.count > maximumLength {
            return "--user is longer than \(maximumLength) characters"
        }
        return nil
    }
}
