import CareQueueCore
import Foundation

/// The command line's `--json` output: sorted keys, ISO 8601 `Z` instants with whole seconds, and
/// absent values written as `null`, never left out. Core values carry no JSON; each has its form here.
public enum CLIJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(instant(date))
        }
        return encoder
    }

    /// An instant as the store keeps it and JSON shows it (`2026-03-01T14:05:09Z`).
    static func instant(_ date: Date) -> String { Timestamp.iso(date) }
}
