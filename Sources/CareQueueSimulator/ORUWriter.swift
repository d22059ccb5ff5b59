import CareQueueCore
import Foundation
import HL7

/// Writes ORU^R01 v2.5.1 messages with HL7's builder and the standard delimiters `|^~\&`:
///
///     MSH  PID  [PV1]  { [ORC]  OBR  [{NTE}]  [TQ1]  { OBX  [{NTE}] } }
///
/// Every segment ends in `\r`; all text is escaped (a line feed as `\X0A\`); trailing empty fields
/// and components are left out, as senders do.
struct ORUWriter: Sendable {
    /// The assigning authority of the clinic's MRNs and the namespace of its placer numbers.
    static let clinicNamespace = "CQEHR"
    static let clinicAuthority = ["CQEHR", "2.16.840.1.113883.19.5", "ISO"]

    var receivingApplication: String
    var receivingFacility: String
    var timeZone: TimeZone

    /// The message bytes and the summary of its orders.
    func message(controlID: String, at instant: Date, from facility: SendingFacility, patient: SimulatedPatient,
                 orders: [OrderDraft]) -> (bytes: [UInt8], orders: [SimulatedOrder]) {
        var segments = [pid(patient, facility: facility)]
        if facility.sendsVisit {
            segments.append(HL7SegmentBuilder("PV1", [.text("1"), .text("O")]))
        }
        var summaries: [SimulatedOrder] = []
        for (index, order) in orders.enumerated() {
            let orcSent = facility.sendsORC || order.provider.placement == .commonOnly
            segments += orderGroup(order, setID: index + 1, at: instant, facility: facility, orcSent: orcSent)
            let result = OrderResult(
                placerNumber: order.placer, fillerNumber: order.filler,
                serviceCode: order.test.code, serviceText: order.test.text,
                orderingProvider: order.provider.reference, resultStatus: order.status,
                priority: facility.priorityField == .none ? nil : order.priority,
                observations: order.observations.map(\.observation), notes: order.notes)
            summaries.append(SimulatedOrder(result: result, urgency: order.urgency, rosterNPI: order.provider.rosterNPI,
                                            isFollowUp: order.isFollowUp))
        }
        let body = Self.encoded(segments)
        let isASCII = body.allSatisfy { $0 < 0x80 }
        let header = msh(controlID: controlID, at: instant, facility: facility,
                         declaresUTF8: facility.alwaysDeclaresCharset || !isASCII)
        return (Self.encoded([header]) + body, summaries)
    }

    private static func encoded(_ segments: [HL7SegmentBuilder]) -> [UInt8] {
        var builder = HL7MessageBuilder(lineFeed: .hex)
        builder.segments = segments.map { segment in
            var segment = segment
            while let last = segment.fields.last, builder.encode(last).isEmpty { segment.fields.removeLast() }
            return segment
        }
        return builder.encoded()
    }

    private func msh(controlID: String, at instant: Date, facility: SendingFacility, declaresUTF8: Bool) -> HL7SegmentBuilder {
        var msh = HL7SegmentBuilder("MSH")
        // The sending facility's HDs are configured in HL7 form (`LIS^2.16.840.1.113883.19.4.7^ISO`).
        msh[3] = .encoded(Array(facility.application.utf8))
        msh[4] = .encoded(Array(facility.facility.utf8))
        msh[5] = .encoded(Array(receivingApplication.utf8))
        msh[6] = .encoded(Array(receivingFacility.utf8))
        msh[7] = .text(timestamp(instant))
        msh[9] = .components(["ORU", "R01", "ORU_R01"])
        msh[10] = .text(controlID)
        msh[11] = .text("P")
        msh[12] = .text("2.5.1")
        if declaresUTF8 { msh[18] = .text("UNICODE UTF-8") }
        return msh
    }

    private func pid(_ patient: SimulatedPatient, facility: SendingFacility) -> HL7SegmentBuilder {
        let clinicID = HL7FieldValue.structured([[patient.mrn], [], [], Self.clinicAuthority, ["MR"]])
        let labID = HL7FieldValue.structured([[facility.namespace + patient.mrn], [], [], [facility.namespace], ["PI"]])
        var pid = HL7SegmentBuilder("PID")
        pid[1] = .text("1")
        pid[3] = .repetitions(facility.sendsLabPatientID ? [labID, clinicID] : [clinicID])
        pid[5] = components([patient.family, patient.given, patient.middle])
        pid[7] = .text(patient.birthDate)
        pid[8] = .text(patient.sex)
        pid[11] = .components([patient.street, "", "Springfield", "IL", "62701", "USA", "H"])
        pid[13] = .components([patient.phone, "PRN", "PH", "", "1", patient.areaCode, patient.localNumber])
        return pid
    }

    private func orderGroup(_ order: OrderDraft, setID: Int, at instant: Date, facility: SendingFacility,
                            orcSent: Bool) -> [HL7SegmentBuilder] {
        let placer = HL7FieldValue.components([order.placer, Self.clinicNamespace])
        let filler = HL7FieldValue.components([order.filler, facility.namespace])
        let providerInOBR = order.provider.placement == .orderAndCommon || order.provider.placement == .orderOnly
        let providerInORC = order.provider.placement == .orderAndCommon || order.provider.placement == .commonOnly
        var segments: [HL7SegmentBuilder] = []

        if orcSent {
            var orc = HL7SegmentBuilder("ORC")
            orc[1] = .text("RE")
            orc[2] = placer
            orc[3] = filler
            orc[5] = .text(order.status == "F" ? "CM" : "A")
            orc[9] = .text(timestamp(instant))
            if providerInORC { orc[12] = order.provider.xcn }
            segments.append(orc)
        }

        var obr = HL7SegmentBuilder("OBR")
        obr[1] = .text(String(setID))
        obr[2] = placer
        obr[3] = filler
        obr[4] = coded(order.test.code, order.test.text, order.test.system)
        obr[7] = .text(timestamp(order.collectedAt))
        if providerInOBR { obr[16] = order.provider.xcn }
        obr[22] = .text(timestamp(instant))
        obr[24] = .text(order.test.section.rawValue)
        obr[25] = .text(order.status)
        if facility.priorityField == .quantityTiming { obr[27] = .components(["", "", "", "", "", order.priority]) }
        segments.append(obr)
        segments += notes(order.notes)

        if facility.priorityField == .timingQuantity {
            var tq1 = HL7SegmentBuilder("TQ1")
            tq1[1] = .text("1")
            tq1[9] = order.priority == "S" ? .components(["S", "Stat", "HL70485"]) : .components(["R", "Routine", "HL70485"])
            segments.append(tq1)
        }

        for (index, line) in order.observations.enumerated() {
            var obx = HL7SegmentBuilder("OBX")
            obx[1] = .text(String(index + 1))
            obx[2] = .text(line.valueType)
            obx[3] = coded(line.code, line.text, line.system)
            obx[4] = .text(line.subID)
            switch line.value {
            case .text(let text): obx[5] = .text(text)
            case .coded(let code, let text, let system): obx[5] = coded(code, text, system)
            }
            obx[6] = .text(line.units)
            obx[7] = .text(line.range)
            obx[8] = .text(line.flag)
            obx[11] = .text(line.status)
            obx[14] = .text(timestamp(order.collectedAt))
            segments.append(obx)
            segments += notes(line.notes)
        }
        return segments
    }

    private func notes(_ texts: [String]) -> [HL7SegmentBuilder] {
        texts.enumerated().map { index, text in
            HL7SegmentBuilder("NTE", [.text(String(index + 1)), .text("L"), .text(text)])
        }
    }

    /// A CWE of identifier, text and coding system.
    private func coded(_ code: String, _ text: String, _ system: String) -> HL7FieldValue {
        components([code, text, system])
    }

    /// Texts as components, without trailing empty ones.
    private func components(_ texts: [String]) -> HL7FieldValue {
        var texts = texts
        while texts.last?.isEmpty == true { texts.removeLast() }
        return .components(texts)
    }

    /// `YYYYMMDDHHMMSS±HHMM` in the writer's time zone.
    func timestamp(_ instant: Date) -> String {
        HL7Timestamp.format(instant, in: timeZone)
    }
}
