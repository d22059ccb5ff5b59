import CareQueueCore
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

    static func quoted(_ string: String) -> String { JSONString.quoted(string) }
}
