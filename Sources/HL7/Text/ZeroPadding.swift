/// Leading zeros, as HL7 dates, times and sequence numbers are written.
public enum ZeroPadding {
    /// `text` with leading zeros up to `width` characters.
    public static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// The decimal digits of `value` with leading zeros up to `width` characters.
    public static func padded(_ value: Int, to width: Int) -> String {
        padded(String(value), to: width)
    }
}
