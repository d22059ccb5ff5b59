import Foundation
import HL7

/// Writes an `OutboundEvent` as the HL7 v2 message `[outbound]` asks for, with the standard
/// delimiters `|^~\&`:
///
///     MDM^T02:  MSH  EVN  PID  PV1  TXA  {OBX}
///     ORU^R01:  MSH  PID  ORC  OBR  {OBX}
///
/// The PID is the one the result arrived with, copied, so the EHR files the note under the patient
/// it knows. The event becomes OBX lines of value type `TX` (`OutboundLine`); a note's line breaks
/// start a new OBX each (OBX-4 numbers them), and every text is escaped (`|` → `\F\`, `^` → `\S\`,
/// `&` → `\T\`, `~` → `\R\`, `\` → `\E\`), with tabs made spaces and other control characters dropped.
/// Every segment ends in `\r`; MLLP framing is the sender's.
public enum OutboundMessage {
    /// The message for `event`. `originalPID` is the PID segment as received (one segment, without
    /// its terminator; `HL7Segment.reencoded()` gives it in the standard delimiters); `at` is MSH-7,
    /// written in `timeZone` with its offset, like every time in the message.
    public static func encode(_ event: OutboundEvent, originalPID: String, settings: CareQueueConfig.Outbound,
                              controlID: String, at: Date, timeZone: TimeZone = .current) -> String {
        let writer = Writer(event: event, settings: settings, timeZone: timeZone)
        let before: [HL7SegmentBuilder]
        let after: [HL7SegmentBuilder]
        switch settings.message {
        case .mdmT02:
            before = [writer.evn()]
            after = [HL7SegmentBuilder("PV1", [.text("1"), .text("O")]), writer.txa()] + writer.observations()
        case .oruR01:
            before = []
            after = writer.order() + writer.observations()
        }
        let pid: [UInt8] = Array(OutboundLine.cleaned(originalPID).utf8) + [0x0D]
        let body: [UInt8] = writer.bytes(before) + pid + writer.bytes(after)
        let header = writer.bytes([writer.msh(controlID: controlID, at: at, declaresUTF8: body.contains { $0 >= 0x80 })])
        return String(decoding: header + body, as: UTF8.self)
    }

    private struct Writer {
        let event: OutboundEvent
        let settings: CareQueueConfig.Outbound
        let timeZone: TimeZone

        func bytes(_ segments: [HL7SegmentBuilder]) -> [UInt8] {
            let builder = HL7MessageBuilder()
            var out: [UInt8] = []
            for var segment in segments {
                // Trailing empty fields are left out, as senders do.
                while let last = segment.fields.last, builder.encode(last).isEmpty { segment.fields.removeLast() }
                out += HL7MessageBuilder(segments: [segment]).encoded()
            }
            return out
        }

        func time(_ date: Date) -> HL7FieldValue { .text(HL7Timestamp.format(date, in: timeZone)) }

        /// An HD from its HL7 form; each part escaped, so a setting made in code cannot add a field.
        func designator(_ text: String) -> HL7FieldValue {
            .components(text.split(separator: "^", omittingEmptySubsequences: false).map { OutboundLine.oneLine(String($0)) })
        }

        func msh(controlID: String, at: Date, declaresUTF8: Bool) -> HL7SegmentBuilder {
            let (type, trigger, structure) = settings.message == .mdmT02 ? ("MDM", "T02", "MDM_T02") : ("ORU", "R01", "ORU_R01")
            var msh = HL7SegmentBuilder("MSH")
            msh[3] = designator(settings.sendingApplication)
            msh[4] = designator(settings.sendingFacility)
            msh[5] = designator(settings.receivingApplication)
            msh[6] = designator(settings.receivingFacility)
            msh[7] = time(at)
            // MSG gained its third component, the message structure, in v2.3.1.
            msh[9] = .components(version >= HL7Version("2.3.1")! ? [type, trigger, structure] : [type, trigger])
            msh[10] = .text(OutboundLine.oneLine(controlID))
            msh[11] = .text("P")
            msh[12] = .text(settings.version)
            if declaresUTF8 { msh[18] = .text("UNICODE UTF-8") }
            return msh
        }

        var version: HL7Version { HL7Version(settings.version) ?? HL7Version("2.5.1")! }

        /// EVN-1 was required before v2.3.1 and kept for backward compatibility since; EVN-2 after it.
        func evn() -> HL7SegmentBuilder {
            HL7SegmentBuilder("EVN", [.text("T02"), time(event.at)])
        }

        /// The author as an XCN: roster NPI and name (the roster holds one name, so it goes whole
        /// in the family-name part), else just the user label.
        func author() -> HL7FieldValue {
            let actor = event.actor
            if let name = actor.name, !name.isEmpty {
                return .components([OutboundLine.oneLine(actor.npi ?? ""), OutboundLine.oneLine(name)])
            }
            return .components(["", OutboundLine.oneLine(actor.label)])
        }

        func entity(_ identifier: String?) -> HL7FieldValue {
            .components([OutboundLine.oneLine(identifier ?? "")])
        }

        func txa() -> HL7SegmentBuilder {
            var txa = HL7SegmentBuilder("TXA")
            txa[1] = .text("1")
            txa[2] = .text(settings.documentType)
            txa[3] = .text("TX")
            txa[4] = time(event.at)
            txa[5] = author()
            txa[6] = time(event.at)
            txa[9] = author()
            txa[12] = .components([event.documentNumber, OutboundLine.oneLine(applicationNamespace)])
            txa[14] = entity(event.result.placerNumber)
            txa[15] = entity(event.result.fillerNumber)
            txa[17] = .text("AU")
            txa[19] = .text("AV")
            return txa
        }

        /// The namespace of the document number: the sending application's first part.
        var applicationNamespace: String {
            String(settings.sendingApplication.split(separator: "^", omittingEmptySubsequences: false).first ?? "")
        }

        /// ORC and OBR naming the original order, for the ORU^R01.
        func order() -> [HL7SegmentBuilder] {
            let result = event.result
            var orc = HL7SegmentBuilder("ORC")
            orc[1] = .text("RE")
            orc[2] = entity(result.placerNumber)
            orc[3] = entity(result.fillerNumber)
            orc[9] = time(event.at)
            // v2.3 requires quantity/timing in ORC and OBR (hl7apy's tables): one of the service.
            let quantityTiming: HL7FieldValue = version < HL7Version("2.3.1")! ? .text("1") : .empty
            orc[7] = quantityTiming
            var obr = HL7SegmentBuilder("OBR")
            obr[1] = .text("1")
            obr[2] = entity(result.placerNumber)
            obr[3] = entity(result.fillerNumber)
            obr[4] = .components([OutboundLine.oneLine(result.testCode), OutboundLine.oneLine(result.testText)])
            obr[22] = time(event.at)
            obr[25] = .text(OutboundLine.oneLine(result.resultStatus))
            obr[27] = quantityTiming
            return [orc, obr]
        }

        func observations() -> [HL7SegmentBuilder] {
            OutboundLine.lines(for: event, timeZone: timeZone).enumerated().map { index, line in
                var obx = HL7SegmentBuilder("OBX")
                obx[1] = .text(String(index + 1))
                obx[2] = .text("TX")
                obx[3] = .components([line.code, line.name, OutboundLine.codingSystem])
                obx[4] = .text(line.subID)
                obx[5] = .text(line.text)
                obx[11] = .text("F")
                obx[14] = time(event.at)
                return obx
            }
        }
    }
}
