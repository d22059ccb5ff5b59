import Foundation

/// Writing CSV with RFC 4180 quoting, as `report --csv` prints it.
public enum CSVWriting {
    /// One record: fields holding a comma, quote, CR or LF are quoted, quotes doubled; lines end in CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted only when it must be.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
