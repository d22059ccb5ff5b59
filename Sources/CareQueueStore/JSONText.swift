import Foundation

/// Small JSON texts for columns (flags, notes, audit details), written without a `JSONEncoder`
/// because they sit on the ingest hot path.
enum JSONText {
    /// `["a","b"]`
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// `{"k":"v"}` with keys sorted, so equal details give equal text.
    static func object(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + quoted($0.value) }
            .joined(separator: ",") + "}"
    }

    /// `{"k":<raw>}` with keys sorted, where each value is already JSON text (nested objects).
    static func object(raw fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// A JSON string, or `null`.
    static func nullable(_ string: String?) -> String {
        string.map(quoted) ?? "null"
    }

    /// The strings of a JSON array text; [] when it is not one.
    static func strings(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    static func quoted(_ string: String) -> String {
        // Audit details and flags rarely hold anything to escape: then the text goes in whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + string + "\""
        }
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
