@testable import CareQueueTUI
import Testing

@Suite("Non-UTF-8 fallback")
struct LegacyGlyphTests {
    @Test("box drawing maps to the terminal's line set, other non-ASCII to '?'", arguments: [
        ("─", LegacyGlyph.line(.horizontal)), ("│", .line(.vertical)), ("┌", .line(.topLeft)), ("┘", .line(.bottomRight)),
        ("├", .line(.teeRight)), ("┤", .line(.teeLeft)), ("┼", .line(.cross)),
        ("a", .text("a")), ("ü", .text("?")), ("患", .text("?")), ("e\u{301}", .text("?")),
    ])
    func glyph(_ text: String, _ expected: LegacyGlyph) {
        #expect(LegacyGlyph.glyph(for: text) == expected)
    }
}
