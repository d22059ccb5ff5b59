import CareQueueCore
import Foundation
import HL7
import Testing
@testable import CareQueueSimulator

@Suite("Simulated messages read back through the real parser")
struct SimulatorParsesTests {
    static let roster = [
        Provider(npi: "1234567893", name: "Dr Ada Chen", role: .physician),
        Provider(npi: NPIFixture.make("245319599"), name: "Dr Bo Okafor", role: .physician),
        Provider(npi: NPIFixture.make("679576722"), name: "Nia Park", role: .np),
    ]

    @Test("every message parses and extracts to exactly what the simulator meant")
    func roundTrip() throws {
        var simulator = ResultSimulator(roster: Self.roster, seed: 42)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for index in 0..<2_000 {
            let simulated = simulator.next(at: start.addingTimeInterval(Double(index)))
            let message = try HL7Message(parsing: simulated.bytes)
            #expect(message.warnings.isEmpty)
            let extracted = try ResultExtraction.extract(message).get()
            #expect(extracted.controlID == simulated.controlID)
            #expect(extracted.sender == simulated.sender)
            for (got, want) in zip(extracted.patientResults, simulated.content.patientResults) {
                #expect(got.patient.mrn == want.patient.mrn)
                #expect(got.patient.displayName == want.patient.displayName)
                #expect(got.orders.map(\.observations) == want.orders.map(\.observations))
                #expect(got.orders.map(\.fillerNumber) == want.orders.map(\.fillerNumber))
                #expect(got.orders.map { $0.orderingProvider?.id } == want.orders.map { $0.orderingProvider?.id })
            }
            let tiers = extracted.patientResults.flatMap(\.orders).map { Tiering.classify($0, tiers: .init()).urgency }
            #expect(tiers == simulated.orders.map(\.urgency))
        }
    }
}

enum NPIFixture {
    static func make(_ nine: String) -> String {
        nine + String(NPI.checkDigit(forFirstNine: nine.map { Int(String($0))! }))
    }
}
