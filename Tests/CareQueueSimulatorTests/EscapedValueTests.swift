import Testing
import CareQueueSimulator

@Suite("Simulator: escaped values")
struct EscapedValueTests {
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
