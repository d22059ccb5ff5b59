import Testing
@testable import CareQueueCore
import TestSupport

@Suite("Simulator: HL7 escaping")
struct HL7EscapingTests {
    @Test("delimiters in text become escapes", arguments: [
        Named("plain text is unchanged", "Potassium 4.1 mmol/L", "Potassium 4.1 mmol/L"),
        Named("UTF-8 is unchanged", "Müller 患者", "Müller 患者"),
        Named("field separator", "10.8 cm | 11.2 cm", #"10.8 cm \F\ 11.2 cm"#),
        Named("component separator", "10^3/uL", #"10\S\3/uL"#),
        Named("subcomponent separator", "PT & INR", #"PT \T\ INR"#),
        Named("repetition separator", "~4 mm", #"\R\4 mm"#),
        Named("escape character", #"4\5"#, #"4\E\5"#),
        Named("an escape sequence in the text is escaped, not kept", #"\F\"#, #"\E\F\E\"#),
        Named("all at once", #"a|b^c&d~e\f"#, #"a\F\b\S\c\T\d\R\e\E\f"#),
        Named("line breaks cannot end the segment", "one\rtwo\nthree", #"one\X0D\two\X0A\three"#),
    ])
    func escaping(_ test: Named<String, String>) {
        let escaped = HL7Escaping.escaped(test.input)
        #expect(escaped == test.expected)
        #expect(RawSegment.unescape(escaped) == test.input)
    }

    @Test("values with | and ^ reach the wire escaped and read back unchanged")
    func valuesInMessages() throws {
        let messages = SimulationFixtures.corpus
        let observations = messages.flatMap { RawSegment.segments(of: $0) }.filter { $0.id == "OBX" }
        let kidneys = try #require(observations.first { $0.text(5).contains("Right kidney") })
        #expect(kidneys.field(5).contains(#" \F\ "#))
        #expect(!kidneys.field(5).contains("|"))
        #expect(kidneys.text(5).contains(" | Left kidney "))
        let whiteCells = try #require(observations.first { $0.component(3, 1) == "6690-2" })
        #expect(whiteCells.field(6) == #"10\S\3/uL"#)
        #expect(whiteCells.text(6) == "10^3/uL")
        let orders = messages.flatMap { RawSegment.segments(of: $0) }.filter { $0.id == "OBR" }
        let coagulation = try #require(orders.first { $0.component(4, 1) == "PTINR" })
        #expect(coagulation.field(4) == #"PTINR^Prothrombin time \T\ INR^L"#)
    }
}
