@testable import CareQueueTUI
import Testing

@Suite("Word wrap by display width")
struct TextWrapTests {
    @Test("wraps at spaces; every line fits", arguments: [
        ("the quick brown fox jumps", 10, ["the quick", "brown fox", "jumps"]),
        ("患者 患者 患者", 5, ["患者", "患者", "患者"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("患者患者", 3, ["患", "者", "患", "者"]),
        ("line one\rline two", 20, ["line one", "line two"]),
        ("", 5, [""]),
    ])
    func wrap(_ text: String, _ width: Int, _ expected: [String]) {
        let lines = TextWrap.lines(text, width: width)
        #expect(lines == expected)
        #expect(lines.allSatisfy { ScreenText.width($0) <= width })
    }

    @Test("control characters are made visible, not passed through")
    func sanitises() {
        #expect(TextWrap.lines("a\u{1B}[2Jb", width: 10) == ["ab"])
    }
}
