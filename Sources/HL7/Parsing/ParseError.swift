/// Why bytes could not be read as an HL7 v2 message, and where. Never holds message content.
public struct HL7ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// No bytes at all (or only a BOM and blank lines).
        case empty
        /// The first line is not an `MSH` segment: not HL7 at all.
        case missingHeader
        /// The input ends before MSH-1 and MSH-2 are complete.
        case headerTooShort
        /// MSH-1 is a letter, a digit or a line break.
        case badFieldSeparator
        /// MSH-2 is not four or five distinct non-alphanumeric characters.
        case badEncodingCharacters
    }

    public var kind: Kind
    /// Byte offset into the input where the problem was found.
    public var offset: Int
    /// Index of the segment (0 = MSH) the problem is in.
    public var segmentIndex: Int
    /// 1-based line of the input.
    public var line: Int

    /// Creates an error at a position.
    public init(kind: Kind, offset: Int, segmentIndex: Int = 0, line: Int = 1) {
        self.kind = kind
        self.offset = offset
        self.segmentIndex = segmentIndex
        self.line = line
    }

    /// One line naming the problem and its position, fit for logs (no message content).
    public var description: String {
        let what: String
        switch kind {
        case .empty: what = "empty input"
        case .missingHeader: what = "not an HL7 message: it does not start with an MSH segment"
        case .headerTooShort: what = "MSH segment too short to declare its delimiters"
        case .badFieldSeparator: what = "MSH-1 field separator is not a usable delimiter"
        case .badEncodingCharacters: what = "MSH-2 encoding characters must be 4 or 5 distinct non-alphanumeric characters"
        }
        return "\(what) (byte \(offset), line \(line), segment \(segmentIndex + 1))"
    }
}
