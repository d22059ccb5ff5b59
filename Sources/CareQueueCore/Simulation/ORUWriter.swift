import Foundation

/// Writes ORU^R01 v2.5.1 messages with the standard delimiters `|^~\&`:
///
///     MSH  PID  [PV1]  { [ORC]  OBR  [{NTE}]  [TQ1]  { OBX  [{NTE}] } }
///
/// Every segment ends in `\r`; all text is escaped; trailing empty fields are left out.
struct ORUWriter: Sendable {
    /// The assigning authority of the clinic's MRNs and the namespace of its placer numbers.
    static let clinicNamespace = "CQEHR"
    static let clinicAuthority = "CQEHR&2.16.840.1.113883.19.5&ISO"

    var receivingApplication: String
    var receivingFacility: String
    var timeZone: TimeZone

    /// The message bytes and the summary of its orders.
    func message(controlID: String, at instant: Date, from facility: SendingFacility, patient: SimulatedPatient,
                 orders: [OrderDraft]) -> (bytes: [UInt8], orders: [SimulatedOrder]) {
        var segments = [pid(patient, facility: facility)]
        if facility.sendsVisit {
            var pv1 = SegmentBuilder("PV1")
            pv1.set(1, "1")
            pv1.set(2, "O")
            segments.append(pv1.text)
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
        let body = segments.joined(separator: "\r")
        let isASCII = body.utf8.allSatisfy { $0 < 0x80 }
        let header = msh(controlID: controlID, at: instant, facility: facility,
                         declaresUTF8: facility.alwaysDeclaresCharset || !isASCII)
        return (Array((header + "\r" + body + "\r").utf8), summaries)
    }

    private func msh(controlID: String, at instant: Date, facility: SendingFacility, declaresUTF8: Bool) -> String {
        var msh = SegmentBuilder("MSH")
        msh.set(1, "|")
        msh.set(2, #"^~\&"#)
        msh.set(3, facility.application)
        msh.set(4, facility.facility)
        msh.set(5, receivingApplication)
        msh.set(6, receivingFacility)
        msh.set(7, timestamp(instant))
        msh.set(9, "ORU^R01^ORU_R01")
        msh.set(10, HL7Escaping.escaped(controlID))
        msh.set(11, "P")
        msh.set(12, "2.5.1")
        if declaresUTF8 { msh.set(18, "UNICODE UTF-8") }
        return msh.text
    }

    private func pid(_ patient: SimulatedPatient, facility: SendingFacility) -> String {
        let escape = HL7Escaping.escaped
        var identifiers = "\(escape(patient.mrn))^^^\(Self.clinicAuthority)^MR"
        if facility.sendsLabPatientID {
            identifiers = "\(escape(facility.namespace))\(escape(patient.mrn))^^^\(escape(facility.namespace))^PI~" + identifiers
        }
        var pid = SegmentBuilder("PID")
        pid.set(1, "1")
        pid.set(3, identifiers)
        pid.set(5, components([patient.family, patient.given, patient.middle]))
        pid.set(7, patient.birthDate)
        pid.set(8, patient.sex)
        pid.set(11, "\(escape(patient.street))^^Springfield^IL^62701^USA^H")
        pid.set(13, "\(escape(patient.phone))^PRN^PH^^1^\(patient.areaCode)^\(patient.localNumber)")
        return pid.text
    }

    private func orderGroup(_ order: OrderDraft, setID: Int, at instant: Date, facility: SendingFacility,
                            orcSent: Bool) -> [String] {
        let escape = HL7Escaping.escaped
        let placer = "\(escape(order.placer))^\(Self.clinicNamespace)"
        let filler = "\(escape(order.filler))^\(escape(facility.namespace))"
        let providerInOBR = order.provider.placement == .orderAndCommon || order.provider.placement == .orderOnly
        let providerInORC = order.provider.placement == .orderAndCommon || order.provider.placement == .commonOnly
        var segments: [String] = []

        if orcSent {
            var orc = SegmentBuilder("ORC")
            orc.set(1, "RE")
            orc.set(2, placer)
            orc.set(3, filler)
            orc.set(5, order.status == "F" ? "CM" : "A")
            orc.set(9, timestamp(instant))
            if providerInORC { orc.set(12, order.provider.xcn) }
            segments.append(orc.text)
        }

        var obr = SegmentBuilder("OBR")
        obr.set(1, String(setID))
        obr.set(2, placer)
        obr.set(3, filler)
        obr.set(4, coded(order.test.code, order.test.text, order.test.system))
        obr.set(7, timestamp(order.collectedAt))
        if providerInOBR { obr.set(16, order.provider.xcn) }
        obr.set(22, timestamp(instant))
        obr.set(24, order.test.section.rawValue)
        obr.set(25, order.status)
        if facility.priorityField == .quantityTiming { obr.set(27, "^^^^^\(order.priority)") }
        segments.append(obr.text)
        segments += notes(order.notes)

        if facility.priorityField == .timingQuantity {
            var tq1 = SegmentBuilder("TQ1")
            tq1.set(1, "1")
            tq1.set(9, order.priority == "S" ? "S^Stat^HL70485" : "R^Routine^HL70485")
            segments.append(tq1.text)
        }

        for (index, line) in order.observations.enumerated() {
            var obx = SegmentBuilder("OBX")
            obx.set(1, String(index + 1))
            obx.set(2, line.valueType)
            obx.set(3, coded(line.code, line.text, line.system))
            obx.set(4, escape(line.subID))
            switch line.value {
            case .text(let text): obx.set(5, escape(text))
            case .coded(let code, let text, let system): obx.set(5, coded(code, text, system))
            }
            obx.set(6, escape(line.units))
            obx.set(7, escape(line.range))
            obx.set(8, escape(line.flag))
            obx.set(11, line.status)
            obx.set(14, timestamp(order.collectedAt))
            segments.append(obx.text)
            segments += notes(line.notes)
        }
        return segments
    }

    private func notes(_ texts: [String]) -> [String] {
        texts.enumerated().map { index, text in
            var nte = SegmentBuilder("NTE")
            nte.set(1, String(index + 1))
            nte.set(2, "L")
            nte.set(3, HL7Escaping.escaped(text))
            return nte.text
        }
    }

    /// A CWE of identifier, text and coding system.
    private func coded(_ code: String, _ text: String, _ system: String) -> String {
        components([code, text, system])
    }

    /// Escaped texts joined as components, without trailing empty ones.
    private func components(_ texts: [String]) -> String {
        var texts = texts
        while texts.last?.isEmpty == true { texts.removeLast() }
        return texts.map(HL7Escaping.escaped).joined(separator: "^")
    }

    /// `YYYYMMDDHHMMSS±HHMM` in the writer's time zone.
    func timestamp(_ instant: Date) -> String {
        let offset = timeZone.secondsFromGMT(for: instant)
        // Timestamp.iso gives the wall-clock digits of the shifted instant: 2025-03-01T10:15:00Z.
        let digits = Timestamp.iso(instant.addingTimeInterval(TimeInterval(offset))).filter(\.isNumber)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return digits + sign + (minutes / 60).zeroPadded(to: 2) + (minutes % 60).zeroPadded(to: 2)
    }
}
