import CareQueueTUI
import Testing

struct WidthCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var width: Int
    var testDescription: String { name }
}

@Suite("DisplayWidth")
struct DisplayWidthTests {
    static let strings: [WidthCase] = [
        WidthCase(name: "ASCII word", text: "Hello", width: 5),
        WidthCase(name: "empty", text: "", width: 0),
        WidthCase(name: "Latin-1 precomposed ü", text: "Müller", width: 6),
        WidthCase(name: "Latin-1 precomposed é", text: "José", width: 4),
        WidthCase(name: "e + combining acute", text: "Jose\u{301}", width: 4),
        WidthCase(name: "Vietnamese stacked marks", text: "Nguyê\u{303}n", width: 6),
        WidthCase(name: "CJK ideographs", text: "患者", width: 4),
        WidthCase(name: "CJK name with ASCII comma", text: "山田, 患者", width: 10),
        WidthCase(name: "fullwidth Latin", text: "ＡＢ", width: 4),
        WidthCase(name: "ideographic space", text: "\u{3000}", width: 2),
        WidthCase(name: "Hiragana", text: "かんじゃ", width: 8),
        WidthCase(name: "Hangul syllable", text: "한", width: 2),
        WidthCase(name: "Hangul conjoining jamo", text: "\u{1112}\u{1161}\u{11AB}", width: 2),
        WidthCase(name: "emoji", text: "😀", width: 2),
        WidthCase(name: "text-default symbol", text: "\u{2764}", width: 1),
        WidthCase(name: "symbol with emoji presentation selector", text: "\u{2764}\u{FE0F}", width: 2),
        WidthCase(name: "ZWJ family sequence", text: "👨‍👩‍👧", width: 2),
        WidthCase(name: "flag (regional indicators)", text: "🇩🇪", width: 2),
        WidthCase(name: "keycap", text: "1\u{FE0F}\u{20E3}", width: 2),
        WidthCase(name: "skin tone modifier", text: "👍🏽", width: 2),
        WidthCase(name: "zero-width space between letters", text: "a\u{200B}b", width: 2),
        WidthCase(name: "lone ZWJ", text: "\u{200D}", width: 0),
        WidthCase(name: "soft hyphen prints", text: "\u{AD}", width: 1),
        WidthCase(name: "ESC is a control", text: "\u{1B}", width: 0),
        WidthCase(name: "BEL is a control", text: "\u{07}", width: 0),
        WidthCase(name: "C1 CSI is a control", text: "\u{9B}", width: 0),
        WidthCase(name: "DEL is a control", text: "\u{7F}", width: 0),
        WidthCase(name: "mixed scripts", text: "患者 Müller José", width: 16),
        WidthCase(name: "box drawing is narrow", text: "┌─┐", width: 3),
        WidthCase(name: "ellipsis is narrow", text: "…", width: 1),
    ]

    @Test("display width of text", arguments: strings)
    func widthOfText(_ example: WidthCase) {
        #expect(DisplayWidth.of(example.text) == example.width)
    }

    @Test("scalar widths: combining 0, narrow 1, wide 2", arguments: [
        (Unicode.Scalar(0x0301)!, 0), (Unicode.Scalar(0x20E3)!, 0), (Unicode.Scalar(0xFE0F)!, 0),
        (Unicode.Scalar(0x200D)!, 0), (Unicode.Scalar(0x1160)!, 0),
        (Unicode.Scalar(0x41)!, 1), (Unicode.Scalar(0xFC)!, 1), (Unicode.Scalar(0x0416)!, 1), (Unicode.Scalar(0x05D0)!, 1),
        (Unicode.Scalar(0x1100)!, 2), (Unicode.Scalar(0x4E00)!, 2), (Unicode.Scalar(0x9FFF)!, 2), (Unicode.Scalar(0xAC00)!, 2),
        (Unicode.Scalar(0xFF01)!, 2), (Unicode.Scalar(0x20000)!, 2), (Unicode.Scalar(0x1F600)!, 2), (Unicode.Scalar(0x1F1E9)!, 2),
        (Unicode.Scalar(0x4DC0)!, 1), (Unicode.Scalar(0xA4D0)!, 1), (Unicode.Scalar(0xD7A4)!, 1), (Unicode.Scalar(0xFF61)!, 1),
    ])
    func scalarWidth(_ scalar: Unicode.Scalar, _ width: Int) {
        #expect(DisplayWidth.of(scalar) == width, "U+\(String(scalar.value, radix: 16, uppercase: true))")
    }
}
