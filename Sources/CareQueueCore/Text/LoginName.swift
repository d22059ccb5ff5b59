/// What an operating-system account name may look like: letters, digits, `.`, `_`, `-`, `@` (for
/// directory accounts such as `kim@clinic.example`), not starting with `-`, at most 64 characters.
public enum LoginName {
    public static let maximumLength = 64

    /// Why `candidate` cannot be an account name, or nil when it can.
    public static func problem(_ candidate: String) -> String? {
        let shown = "'\(UntrustedText.visible(candidate))'"
        if candidate.unicodeScalars.count > maximumLength {
            return "login \(shown) is longer than \(maximumLength) characters"
        }
        guard candidate.unicodeScalars.allSatisfy(isAllowed), !candidate.hasPrefix("-") else {
            return "login \(shown) is not an account name (letters, digits, '.', '_', '-', '@'; no spaces)"
        }
        return nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-", "@": true
        default: false
        }
    }
}
