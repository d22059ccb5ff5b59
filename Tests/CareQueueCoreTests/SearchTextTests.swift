import CareQueueCore
import Testing
import TestSupport

@Suite("Find's folded text")
struct SearchTextTests {
    @Test("folding lowercases and removes diacritics", arguments: [
        Named("acute", "José", "jose"),
        Named("umlaut", "Müller", "muller"),
        Named("Vietnamese, two marks on one letter", "Nguyễn", "nguyen"),
        Named("Vietnamese hook above", "Thảo", "thao"),
        Named("sharp s", "Straße", "strasse"),
        Named("capital sharp s", "STRAẞE", "strasse"),
        Named("slashed o", "Øverland", "overland"),
        Named("stroke l", "Łukasz", "lukasz"),
        Named("caron", "Šimić", "simic"),
        Named("dotless i", "Yılmaz", "yilmaz"),
        Named("dotted capital I", "İzmir", "izmir"),
        Named("ash", "Ærø", "aero"),
        Named("eth", "Guðrún", "gudrun"),
        Named("thorn", "Þór", "thor"),
        Named("ligature", "ﬁnn", "finn"),
        Named("decomposed input", "Jose\u{301}", "jose"),
        Named("Irish fada and space", "Ó Súilleabháin", "o suilleabhain"),
        Named("ASCII only", "MRN0012345", "mrn0012345"),
        Named("CJK is kept", "山田 花子", "山田 花子"),
        Named("kana voicing mark stays", "ガルシア", "ガルシア"),
    ])
    func fold(_ row: Named<String, String>) {
        #expect(SearchText.fold(row.input) == row.expected)
    }

    @Test("a typed needle is folded, trimmed, stripped of control characters, its commas spaced", arguments: [
        Named("accents and case", " JOSÉ ", "jose"),
        Named("comma without space", "Müller,J", "muller, j"),
        Named("comma with space stays", "müller, j", "muller, j"),
        Named("trailing comma", "müller,", "muller, "),
        Named("control character", "mu\u{0}ll", "mull"),
        Named("blank", "   ", ""),
    ])
    func needle(_ row: Named<String, String>) {
        #expect(SearchText.needle(row.input) == row.expected)
    }

    @Test("the document holds the MRN, 'family, given', 'given family' and the test, folded")
    func document() {
        let document = SearchText.document(mrn: "MRN001", family: "Nguyễn", given: "Thảo", test: "Basic Metabolic Panel")
        #expect(document == "mrn001\u{1F}nguyen, thao\u{1F}thao nguyen\u{1F}basic metabolic panel")
        for typed in ["nguyen", "NGUYỄN", "thao", "nguyen,thao", "Nguyen, Thao", "thao nguy", "mrn00", "001", "metabolic",
                      "BASIC META"] {
            #expect(document.contains(SearchText.needle(typed)), "\(typed)")
        }
        for typed in ["thao, nguyen", "nguyen thao", "001nguyen", "nguyen  thao", "nguyenbasic", "nguyen basic"] {
            #expect(!document.contains(SearchText.needle(typed)), "\(typed)")
        }
    }

    @Test("control characters in a name never join two parts of the document")
    func controlInName() {
        let document = SearchText.document(mrn: "M1", family: "Bad\u{1F}Name", given: "X", test: "K\u{1F}+")
        #expect(document.split(separator: SearchText.separator).count == 4)
    }
}
