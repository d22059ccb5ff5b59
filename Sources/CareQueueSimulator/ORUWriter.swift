import CareQueueCore
import Foundation
import HL7

/// Writes ORU^R01 v2.5.1 messages with HL7's builder (encoding as `MessageSegments` says):
///
///     MSH  PID  [PV1]  { [ORC]  OBR  [{NTE}]  [TQ1]  { OBX  [{NTE}] } }
struct ORUWriter: Sendable {
    var segments: MessageSegments

    /// The message bytes and the summary of its orders.
    func message(controlID: String, at instant: Date, from facility: SendingFacility, patient: SimulatedPatient,
                 orders: [OrderDraft]) -> (bytes: [UInt8], orders: [SimulatedOrder]) {
        var body = [segments.pid(patient, labNamespace: facility.sendsLabPatientID ? facility.namespace : nil)]
        if facility.sendsVisit {
            body.append(HL7SegmentBuilder("PV1", [.text("1"), .text("O")]))
        }
        var summaries: [SimulatedOrder] = []
        for (index, order) in orders.enumerated() {
            let orcSent = facility.sendsORC || order.provider.placement == .commonOnly
            body += orderGroup(order, setID: index + 1, at: instant, facility: facility, orcSent: orcSent)
            let result = OrderResult(
                placerNumber: order.placer, fillerNumber: order.filler,
                serviceCode: order.test.code, serviceText: order.test.text,
                orderingProvider: order.provider.reference, resultStatus: order.status,
                priority: facility.priorityField == .none ? nil : order.priority,
                observations: order.observations.map(\.observation), notes: order.notes)
            summaries.append(SimulatedOrder(result: result, urgency: order.urgency, rosterNPI: order.provider.rosterNPI,
                                            isFollowUp: order.isFollowUp))
        }
        let bytes = segments.message({ declaresUTF8 in
            // The sending facility's HDs are configured in HL7 form (`LIS^2.16.840.1.113883.19.4.7^ISO`).
            segments.msh(type: ["ORU", "R01", "ORU_R01"], version: "2.5.1", controlID: controlID, at: instant,
                         application: facility.application, facility: facility.facility, declaresUTF8: declaresUTF8)
        }, body: body, alwaysDeclaresUTF8: facility.alwaysDeclaresCharset)
        return (bytes, summaries)
    }

    private func orderGroup(_ order: OrderDraft, setID: Int, at instant: Date, facility: SendingFacility,
                            orcSent: Bool) -> [HL7SegmentBuilder] {
        let placer = HL7FieldValue.components([order.placer, MessageSegments.clinicNamespace])
        let filler = HL7FieldValue.components([order.filler, facility.namespace])
        let providerInOBR = order.provider.placement == .orderAndCommon || order.provider.placement == .orderOnly
        let providerInORC = order.provider.placement == .orderAndCommon || order.provider.placement == .commonOnly
        var group: [HL7SegmentBuilder] = []

        if orcSent {
            var orc = HL7SegmentBuilder("ORC")
            orc[1] = .text("RE")
            orc[2] = placer
            orc[3] = filler
            orc[5] = .text(order.status == "F" ? "CM" : "A")
            orc[9] = .text(segments.timestamp(instant))
            if providerInORC { orc[12] = order.provider.xcn }
            group.append(orc)
        }

        var obr = HL7SegmentBuilder("OBR")
        obr[1] = .text(String(setID))
        obr[2] = placer
        obr[3] = filler
        obr[4] = segments.coded(order.test.code, order.test.text, order.test.system)
        obr[7] = .text(segments.timestamp(order.collectedAt))
        if providerInOBR { obr[16] = order.provider.xcn }
        obr[22] = .text(segments.timestamp(instant))
        obr[24] = .text(order.test.section.rawValue)
        obr[25] = .text(order.status)
        if facility.priorityField == .quantityTiming { obr[27] = .components(["", "", "", "", "", order.priority]) }
        group.append(obr)
        group += notes(order.notes)

        if facility.priorityField == .timingQuantity {
            group.append(segments.tq1(priority: order.priority))
        }

        for (index, line) in order.observations.enumerated() {
            var obx = HL7SegmentBuilder("OBX")
            obx[1] = .text(String(index + 1))
            obx[2] = .text(line.valueType)
            obx[3] = segments.coded(line.code, line.text, line.system)
            obx[4] = .text(line.subID)
            switch line.value {
            case .text(let text): obx[5] = .text(text)
            case .coded(let code, let text, let system): obx[5] = segments.coded(code, text, system)
            }
            obx[6] = .text(line.units)
            obx[7] = .text(line.range)
            obx[8] = .text(line.flag)
            obx[11] = .text(line.status)
            obx[14] = .text(segments.timestamp(order.collectedAt))
            group.append(obx)
            group += notes(line.notes)
        }
        return group
    }

    private func notes(_ texts: [String]) -> [HL7SegmentBuilder] {
        texts.enumerated().map { index, text in
            HL7SegmentBuilder("NTE", [.text(String(index + 1)), .text("L"), .text(text)])
        }
    }
}
