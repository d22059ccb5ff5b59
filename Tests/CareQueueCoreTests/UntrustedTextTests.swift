import CareQueueCore
import Testing

/// The byte-level checks must answer as the scalar-level definitions do.
@Suite("Untrusted text checks")
struct UntrustedTextTests {
    static let samples = ["", "plain", "tab\there", "line\nbreak", "nul\u{0}", "del\u{7F}", "c1 \u{85} next line", "c1 end \u{9F}",
                          "no-break\u{A0}space", "é", "\u{80}", "¡", "ÿ", "\u{2028}", "  ", "\t\n", "\u{A0}", "\u{3000}x",
                          "\u{1C}", "x ", " x", "\u{85}", "日本"]

    @Test("hasControlCharacters and isBlank agree with their scalar definitions", arguments: samples)
    func agree(_ text: String) {
        #expect(UntrustedText.hasControlCharacters(text) == text.unicodeScalars.contains(where: UntrustedText.isControl))
        #expect(UntrustedText.isBlank(text) == text.unicodeScalars.allSatisfy(\.properties.isWhitespace))
    }

    @Test("Every scalar below U+0100 and around it is classified as the scalar rule says")
    func everyLowScalar() {
        for value in UInt32(0)..<0x800 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            #expect(UntrustedText.hasControlCharacters(text) == UntrustedText.isControl(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
