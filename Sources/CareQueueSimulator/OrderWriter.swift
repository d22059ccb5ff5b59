import CareQueueCore
import Foundation
import HL7

/// Writes the clinic EHR's new orders (ORC-1 `NW`) in the style the performing system takes them:
///
///     OML^O21 v2.5.1   MSH  PID  PV1  { ORC  TQ1  OBR }     priority in TQ1-9
///     ORM^O01 v2.3     MSH  PID  { ORC  OBR }               priority in ORC-7.6 and OBR-27.6
///     ORM^O01 v2.4     MSH  PID  PV1  { ORC  OBR }          priority in OBR-27.6
///
/// for a facility whose results carry TQ1, OBR-27 or no priority. ORC-2/OBR-2 carry the placer
/// number its result will repeat; ORC-9 is when it was ordered.
struct OrderWriter: Sendable {
    /// The clinic's EHR, the sender of orders and referrals (MSH-3, MSH-4).
    static let sender = SenderID(application: "CQEHR^2.16.840.1.113883.19.5^ISO",
                                 facility: "CLINIC^2.16.840.1.113883.19.5.2^ISO")

    var segments: MessageSegments

    func message(controlID: String, at instant: Date, performedBy facility: SendingFacility, patient: SimulatedPatient,
                 orders: [OrderDraft]) -> [UInt8] {
        let style = Style(facility.priorityField)
        var body = [segments.pid(patient)]
        if style.sendsVisit { body.append(HL7SegmentBuilder("PV1", [.text("1"), .text("O")])) }
        for (index, order) in orders.enumerated() {
            body += orderGroup(order, setID: index + 1, at: instant, style: style)
        }
        return segments.message({ declaresUTF8 in
            segments.msh(type: style.type, version: style.version, controlID: controlID, at: instant,
                         application: Self.sender.application, facility: Self.sender.facility, declaresUTF8: declaresUTF8)
        }, body: body, alwaysDeclaresUTF8: false)
    }

    /// Message type, version and where the priority goes.
    private struct Style {
        var type: [String]
        var version: String
        var sendsVisit: Bool
        var timingQuantity: Bool
        var priorityInORC: Bool

        init(_ field: SendingFacility.PriorityField) {
            switch field {
            case .timingQuantity:
                self.init(type: ["OML", "O21", "OML_O21"], version: "2.5.1", sendsVisit: true, timingQuantity: true,
                          priorityInORC: false)
            case .quantityTiming:
                self.init(type: ["ORM", "O01"], version: "2.3", sendsVisit: false, timingQuantity: false, priorityInORC: true)
            case .none:
                self.init(type: ["ORM", "O01", "ORM_O01"], version: "2.4", sendsVisit: true, timingQuantity: false,
                          priorityInORC: false)
            }
        }

        private init(type: [String], version: String, sendsVisit: Bool, timingQuantity: Bool, priorityInORC: Bool) {
            self.type = type
            self.version = version
            self.sendsVisit = sendsVisit
            self.timingQuantity = timingQuantity
            self.priorityInORC = priorityInORC
        }
    }

    private func orderGroup(_ order: OrderDraft, setID: Int, at instant: Date, style: Style) -> [HL7SegmentBuilder] {
        let placer = HL7FieldValue.components([order.placer, MessageSegments.clinicNamespace])
        let quantityTiming = HL7FieldValue.components(["", "", "", "", "", order.priority])
        let provider = order.provider.placement == .nowhere ? HL7FieldValue.empty : order.provider.xcn
        var orc = HL7SegmentBuilder("ORC")
        orc[1] = .text("NW")
        orc[2] = placer
        if style.priorityInORC { orc[7] = quantityTiming }
        orc[9] = .text(segments.timestamp(instant))
        orc[12] = provider
        var group: [HL7SegmentBuilder] = [orc]
        if style.timingQuantity {
            group.append(segments.tq1(priority: order.priority))
        }
        var obr = HL7SegmentBuilder("OBR")
        obr[1] = .text(String(setID))
        obr[2] = placer
        obr[4] = segments.coded(order.test.code, order.test.text, order.test.system)
        obr[6] = .text(segments.timestamp(instant))
        obr[16] = provider
        if !style.timingQuantity { obr[27] = quantityTiming }
        group.append(obr)
        return group
    }
}
