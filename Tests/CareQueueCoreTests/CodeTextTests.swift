@testable import CareQueueCore
import Foundation
import Testing

/// `CodeText` stands in for Foundation's trimming and `uppercased()` on the ingest path: it must
/// give their answers exactly.
@Suite("Coded values compared without Foundation")
struct CodeTextTests {
    @Test("White space is exactly Foundation's CharacterSet.whitespaces, over every scalar")
    func whitespaceAgreesWithFoundation() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if CodeText.isWhitespace(scalar) != CharacterSet.whitespaces.contains(scalar) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
    }

    static let codes = ["", " ", "N", "n", " n ", "\tHH\t", "hh", "Hh", "NEG", " neg", "\u{00A0}LL\u{3000}", "\u{200B}aa",
                        "ıi", "ß", "é", "É ", "<", "> ", "a b", " \u{0301}n", "CRIT", "\u{2028}N", "n\u{85}"]

    @Test("trimmed and normalized agree with trimmingCharacters(in: .whitespaces) and uppercased()", arguments: codes)
    func agreesWithFoundation(_ code: String) {
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        #expect(CodeText.trimmed(code) == trimmed)
        #expect(CodeText.normalized(code) == trimmed.uppercased())
    }

    @Test("equalsIgnoringCase agrees with uppercased() ==", arguments: ["D", "d", " d", "D ", "DD", "", "ı", "İ", "x", "X"])
    func equalsIgnoringCase(_ code: String) {
        for expected: StaticString in ["D", "I", "X"] {
            #expect(CodeText.equalsIgnoringCase(code, expected) == (code.uppercased() == "\(expected)"))
        }
    }
}
