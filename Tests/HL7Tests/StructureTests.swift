import HL7
import Testing

@Suite("ORU^R01 structure")
struct StructureTests {
    static let msh = "MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01^ORU_R01|1|P|2.5.1"

    @Test("One patient, one order: notes attach to the segment before them, Z at observation level")
    func singleGroup() throws {
        let structure = try Fixture.parse(Fixture.oru251).oruStructure()
        #expect(structure.patientResults.count == 1)
        let result = try #require(structure.patientResults.first)
        #expect(result.patient?.mrn == "MRN12345")
        #expect(result.visits.count == 1)
        let order = try #require(result.orders.first)
        #expect(order.commonOrder?.orderControl == "RE")
        #expect(order.notes.map(\.comment) == ["Specimen slightly hemolyzed"])
        #expect(order.observations.map { $0.observation.identifier.identifier } == ["2823-3", "2160-0", "600-7"])
        #expect(order.observations[0].notes.map(\.comment) == ["Repeated and confirmed"])
        #expect(order.observations[1].notes.isEmpty)
        #expect(order.observations[2].otherSegments.map(\.id) == ["ZPS"])
    }

    @Test("Two PATIENT_RESULT groups, each with its own orders")
    func twoPatients() throws {
        let structure = try Fixture.parse([
            Self.msh,
            "PID|1||A1^^^H^MR||First^Pat",
            "NTE|1||patient note",
            "OBR|1|P1|F1|2823-3^Potassium^LN",
            "OBX|1|NM|2823-3^Potassium^LN||4.0|mmol/L",
            "PID|2||B2^^^H^MR||Second^Pat",
            "OBR|1|P2|F2|718-7^Hemoglobin^LN",
            "OBX|1|NM|718-7^Hemoglobin^LN||13.5|g/dL",
            "OBR|2|P3|F3|2345-7^Glucose^LN",
            "OBX|1|NM|2345-7^Glucose^LN||5.5|mmol/L",
        ]).oruStructure()
        #expect(structure.patientResults.map { $0.patient?.mrn } == ["A1", "B2"])
        #expect(structure.patientResults[0].notes.map(\.comment) == ["patient note"])
        #expect(structure.patientResults[0].orders.map(\.fillerOrderNumber) == ["F1"])
        #expect(structure.patientResults[1].orders.map(\.fillerOrderNumber) == ["F2", "F3"])
        #expect(structure.patientResults[1].orders[1].observations.first?.observation.displayValue == "5.5")
    }

    @Test("Several ORDER_OBSERVATION groups, ORC optional, TQ1 and SPM in place")
    func severalOrders() throws {
        let structure = try Fixture.parse([
            Self.msh,
            "PID|1||A1^^^H^MR||First^Pat",
            "ORC|RE|P1|F1",
            "OBR|1|P1|F1|2823-3^Potassium^LN",
            "TQ1|1||||||||S^Stat^HL70485",
            "OBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L|3.5-5.1|HH",
            "SPM|1|||BLD^Blood^HL70487",
            "OBX|1|CWE|SPECQ^Specimen quality^L||HEM^Hemolyzed^L",
            "OBR|2|P2|F2|718-7^Hemoglobin^LN",
            "OBX|1|NM|718-7^Hemoglobin^LN||13.5|g/dL",
            "ORC|RE|P3|F3",
            "OBR|3|||2345-7^Glucose^LN",
        ]).oruStructure()
        let orders = try #require(structure.patientResults.first?.orders)
        #expect(orders.count == 3)
        #expect(orders[0].commonOrder != nil)
        #expect(orders[1].commonOrder == nil)
        #expect(orders[2].commonOrder?.placerOrderNumber == "P3")
        #expect(orders[2].placerOrderNumber == "P3", "OBR-2 empty: ORC-2")
        #expect(orders[2].fillerOrderNumber == "F3", "OBR-3 empty: ORC-3")
        #expect(orders[2].observations.isEmpty)
        #expect(orders[0].priority == "S")
        #expect(orders[0].observations.count == 1, "the specimen's OBX is not a result")
        #expect(orders[0].specimens.count == 1)
        #expect(orders[0].specimens[0].observations.first?.observation.displayValue == "Hemolyzed")
    }

    @Test("Z segments are kept at message, patient, order and observation level")
    func zSegments() throws {
        let structure = try Fixture.parse([
            Self.msh,
            "ZMS|message level",
            "PID|1||A1^^^H^MR||First^Pat",
            "ZPI|patient level",
            "PV1|1|O",
            "OBR|1|P1|F1|2823-3^Potassium^LN",
            "ZOB|order level",
            "NTE|1||order note after Z",
            "OBX|1|NM|2823-3^Potassium^LN||4.0|mmol/L",
            "ZOX|observation level",
            "ZEV|end of message",
        ]).oruStructure()
        #expect(structure.otherSegments.map(\.id) == ["ZMS"])
        let result = try #require(structure.patientResults.first)
        #expect(result.otherSegments.map(\.id) == ["ZPI"])
        #expect(result.visits.count == 1)
        let order = try #require(result.orders.first)
        #expect(order.otherSegments.map(\.id) == ["ZOB"])
        #expect(order.notes.map(\.comment) == ["order note after Z"])
        #expect(order.observations[0].otherSegments.map(\.id) == ["ZOX", "ZEV"])
        #expect(order.observations[0].otherSegments[0][1].text == "observation level")
    }

    @Test("Orders without a PID form one PATIENT_RESULT with no patient")
    func ordersWithoutPatient() throws {
        let structure = try Fixture.parse([Self.msh, "OBR|1|P1|F1|X^Y", "OBX|1|ST|X^Y||text"]).oruStructure()
        #expect(structure.patientResults.count == 1)
        #expect(structure.patientResults[0].patient == nil)
        #expect(structure.patientResults[0].orders.count == 1)
    }

    struct Problem: Sendable {
        var kind: HL7StructureError.Kind
        var segmentID: String
        var segmentIndex: Int
        var line: Int
        var location: String
    }

    static let problems: [Case<[String], Problem>] = [
        Case("OBX before any OBR", [msh, "PID|1||A1^^^H^MR", "OBX|1|NM|X^Y||1"],
             Problem(kind: .outsideOrder, segmentID: "OBX", segmentIndex: 2, line: 3, location: "OBX^1")),
        Case("TQ1 before any OBR", [msh, "TQ1|1||||||||S"],
             Problem(kind: .outsideOrder, segmentID: "TQ1", segmentIndex: 1, line: 2, location: "TQ1^1")),
        Case("ORC followed by OBX", [msh, "PID|1", "ORC|RE|P1", "OBX|1|NM|X^Y||1"],
             Problem(kind: .orderControlWithoutRequest, segmentID: "ORC", segmentIndex: 2, line: 3, location: "ORC^1")),
        Case("ORC at the end", [msh, "PID|1", "OBR|1|P1|F1|X^Y", "ORC|RE|P2"],
             Problem(kind: .orderControlWithoutRequest, segmentID: "ORC", segmentIndex: 3, line: 4, location: "ORC^1")),
        Case("PV1 after an order", [msh, "PID|1", "OBR|1|P1|F1|X^Y", "PV1|1|O"],
             Problem(kind: .outsidePatient, segmentID: "PV1", segmentIndex: 3, line: 4, location: "PV1^1")),
        Case("second OBX outside an order in a second patient", [msh, "PID|1", "OBR|1", "OBX|1", "PID|2", "OBX|1"],
             Problem(kind: .outsideOrder, segmentID: "OBX", segmentIndex: 5, line: 6, location: "OBX^2")),
        Case("two messages in one", [msh, "PID|1", msh],
             Problem(kind: .secondHeader, segmentID: "MSH", segmentIndex: 2, line: 3, location: "MSH^2")),
    ]

    @Test("Structural problems are typed errors with positions", arguments: problems)
    func problemsTable(_ row: Case<[String], Problem>) throws {
        let message = try Fixture.parse(row.input)
        do {
            _ = try message.oruStructure()
            Issue.record("expected a structure error")
        } catch {
            #expect(error.kind == row.expected.kind)
            #expect(error.segmentID == row.expected.segmentID)
            #expect(error.segmentIndex == row.expected.segmentIndex)
            #expect(error.line == row.expected.line)
            #expect(error.offset == message.segments[row.expected.segmentIndex].byteOffset)
            let location = error.errorLocation
            #expect("\(location.segmentID)^\(location.sequence ?? 0)" == row.expected.location)
            #expect(error.description.contains("line \(row.expected.line)"))
        }
    }
}
