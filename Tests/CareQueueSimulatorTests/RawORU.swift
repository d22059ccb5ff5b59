import CareQueueCore
@testable import CareQueueSimulator

/// Reads a simulated message back with the test-side `RawSegment` reader, the way DESIGN.md says
/// CareQueue extracts an ORU, so tests can compare the bytes with the simulator's own summary.
enum RawORU {
    struct Reading: Equatable {
        var sender: SenderID
        var controlID: String
        var patient: Patient
        var orders: [OrderResult]
    }

    static func read(_ message: SimulatedMessage) -> Reading {
        var reading = Reading(sender: SenderID(application: "", facility: ""), controlID: "",
                              patient: Patient(mrn: "", family: "", given: ""), orders: [])
        var orc: RawSegment?
        var lastWasObservation = false
        for segment in RawSegment.segments(of: message) {
            switch segment.id {
            case "MSH":
                reading.sender = SenderID(application: segment.field(3), facility: segment.field(4))
                reading.controlID = segment.text(10)
            case "PID":
                reading.patient = patient(segment)
            case "ORC":
                orc = segment
            case "OBR":
                let provider = reference(segment, 16, .obr16) ?? orc.flatMap { reference($0, 12, .orc12) }
                let priority = segment.component(27, 6)
                reading.orders.append(OrderResult(
                    placerNumber: segment.component(2, 1), fillerNumber: segment.component(3, 1),
                    serviceCode: segment.component(4, 1), serviceText: segment.component(4, 2),
                    orderingProvider: provider, resultStatus: segment.field(25),
                    priority: priority.isEmpty ? nil : priority, observations: []))
                orc = nil
                lastWasObservation = false
            case "TQ1":
                reading.orders[reading.orders.count - 1].priority = segment.component(9, 1)
            case "OBX":
                let flag = segment.text(8)
                let value = segment.field(2) == "CWE" ? segment.component(5, 2) : segment.text(5)
                reading.orders[reading.orders.count - 1].observations.append(Observation(
                    code: segment.component(3, 1), text: segment.component(3, 2), valueType: segment.field(2),
                    value: value, units: segment.text(6), range: segment.text(7),
                    flags: flag.isEmpty ? [] : [flag], status: segment.field(11)))
                lastWasObservation = true
            case "NTE":
                let order = reading.orders.count - 1
                if lastWasObservation {
                    let observation = reading.orders[order].observations.count - 1
                    reading.orders[order].observations[observation].notes.append(segment.text(3))
                } else {
                    reading.orders[order].notes.append(segment.text(3))
                }
            default:
                break
            }
        }
        return reading
    }

    /// PID-3's MR repetition, PID-5 family and given, PID-7, PID-13 XTN.1.
    private static func patient(_ pid: RawSegment) -> Patient {
        let identifiers = pid.field(3).split(separator: "~").map { RawSegment("X|" + $0) }
        let mrn = identifiers.first { $0.component(1, 5) == "MR" }?.component(1, 1) ?? ""
        return Patient(mrn: mrn, family: pid.component(5, 1), given: pid.component(5, 2),
                       dob: pid.text(7), phone: pid.component(13, 1))
    }

    private static func reference(_ segment: RawSegment, _ field: Int, _ source: ProviderField) -> ProviderReference? {
        let id = segment.component(field, 1)
        guard !id.isEmpty else { return nil }
        let type = segment.component(field, 13)
        return ProviderReference(id: id, idType: type, family: segment.component(field, 2),
                                 given: segment.component(field, 3), isNPI: type == "NPI" || NPI.isValid(id),
                                 source: source)
    }
}
