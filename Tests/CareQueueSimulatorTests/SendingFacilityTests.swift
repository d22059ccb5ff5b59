import Foundation
import Testing
import CareQueueCore
@testable import CareQueueSimulator

@Suite("Simulator: sending facilities")
struct SendingFacilityTests {
    static let urinalysisLab = SendingFacility(application: "UA^2.16.840.1.113883.19.4.99^ISO",
                                               facility: "UALAB^2.16.840.1.113883.19.4.99.1^ISO",
                                               sections: [.urinalysis], normalFlag: "", sendsORC: false,
                                               priorityField: .none, alwaysDeclaresCharset: false)

    static func run(_ facilities: [SendingFacility], count: Int = 400) -> [SimulatedMessage] {
        var simulator = ResultSimulator(roster: SimulationFixtures.roster, seed: 4, facilities: facilities,
                                        receivingApplication: "CQ^2.16.840.1.113883.19.5^ISO",
                                        receivingFacility: "MAIN", timeZone: SimulationFixtures.utc)
        return (0..<count).map { simulator.next(at: SimulationFixtures.start.addingTimeInterval(Double($0))) }
    }

    @Test("a facility sends only its departments, to the receiver it was given")
    func ownDepartments() {
        let messages = Self.run([Self.urinalysisLab])
        for message in messages {
            let msh = RawSegment.segments(of: message)[0]
            #expect(msh.field(3) == Self.urinalysisLab.application)
            #expect(msh.field(5) == "CQ^2.16.840.1.113883.19.5^ISO")
            #expect(msh.field(6) == "MAIN")
            #expect(message.orders.allSatisfy { $0.result.serviceCode == "24357-6" && $0.result.priority == nil })
        }
    }

    @Test("without a department that has panic values the tier is lowered, never mislabelled")
    func noCriticalDepartment() {
        let orders = Self.run([Self.urinalysisLab], count: 1_000).flatMap(\.orders)
        #expect(!orders.contains { $0.urgency == .critical })
        #expect(orders.contains { $0.urgency == .abnormal })
        for order in orders {
            #expect(Tiering.classify(order.result, tiers: CareQueueConfig.Tiers()).urgency == order.urgency)
        }
    }

    @Test("each standard facility reports what it is configured for", arguments: SendingFacility.standard)
    func standardFacilities(_ facility: SendingFacility) {
        let fromFacility = SimulationFixtures.corpus.filter { $0.sender.facility == facility.facility }
        #expect(!fromFacility.isEmpty)
        for message in fromFacility {
            let segments = RawSegment.segments(of: message)
            for obr in segments where obr.id == "OBR" {
                #expect(facility.sections.map(\.rawValue).contains(obr.field(24)))
                #expect(obr.component(3, 2) == String(facility.facility.prefix { $0 != "^" }))
            }
            #expect(segments.contains { $0.id == "PV1" } == facility.sendsVisit)
            #expect(segments.contains { $0.id == "TQ1" } == (facility.priorityField == .timingQuantity))
        }
    }
}
