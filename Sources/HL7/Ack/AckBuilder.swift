import Foundation

/// Builds acknowledgments (ACK messages) for received messages.
///
/// ```
/// MSH|^~\&|<in MSH-5>|<in MSH-6>|<in MSH-3>|<in MSH-4>|<now ±ZZZZ>||ACK^R01^ACK|<new id>|P|2.5.1[|||||||<in MSH-18>]
/// MSA|AA|<in MSH-10 verbatim>[|<text>]
/// ERR||PID^1^3|101^Required field missing^HL70357|E|[|||<message>]          v2.5+, on AE/AR/CE/CR
/// ERR|PID^1^3^101&Required field missing&HL70357                             before v2.5
/// ```
///
/// MSH-1/2 (a fifth encoding character too), MSH-11, MSH-12 and MSH-18 are copied; the HDs of
/// MSH-3…6 are swapped whole, every component; MSH-15/16 stay empty so the ACK is never itself
/// acknowledged. MSH-9 is `ACK^<trigger>` plus `^ACK` from v2.4 on (for a version that is not a
/// number, `^ACK` is added when the inbound MSH-9 had a third component), and just `ACK` when the
/// inbound had no trigger. Text written into fields is escaped.
public struct HL7AckBuilder: Sendable {
    public var idGenerator: any HL7ControlIDGenerator
    /// The zone MSH-7 is written in (with its offset).
    public var timeZone: TimeZone

    public init(idGenerator: any HL7ControlIDGenerator = RandomControlIDGenerator(), timeZone: TimeZone = .current) {
        self.idGenerator = idGenerator
        self.timeZone = timeZone
    }

    /// The ACK for `outcome` in the mode `inbound` asks for (AA/AE/AR, or CA/CE/CR when enhanced).
    /// Check `inbound.ackPolicy.shouldSend(for:)` first in enhanced mode.
    public func acknowledgment(for inbound: HL7Message, outcome: HL7AckOutcome, text: String? = nil,
                               at date: Date) -> [UInt8] {
        acknowledgment(for: inbound, code: inbound.ackPolicy.code(for: outcome), error: outcome.error, text: text, at: date)
    }

    /// The ACK with an explicit MSA-1 code; `error` adds the ERR segment, `text` goes in MSA-3.
    public func acknowledgment(for inbound: HL7Message, code: HL7AckCode, error: HL7AckError? = nil,
                               text: String? = nil, at date: Date) -> [UInt8] {
        let header = inbound.header.segment
        let version = inbound.header.version
        var builder = HL7MessageBuilder(delimiters: inbound.delimiters, encoding: inbound.charset.encoding)

        var msh = HL7SegmentBuilder("MSH")
        msh[3] = raw(header[5])
        msh[4] = raw(header[6])
        msh[5] = raw(header[3])
        msh[6] = raw(header[4])
        msh[7] = .text(HL7Timestamp.format(date, in: timeZone))
        msh[9] = messageType(inboundType: header[9], version: version, delimiters: inbound.delimiters)
        msh[10] = .text(idGenerator.next())
        msh[11] = raw(header[11])
        msh[12] = raw(header[12])
        if !header[18].isEmpty { msh[18] = raw(header[18]) }
        builder.segments.append(msh)

        let modernError = version.map { $0 >= HL7Version("2.5")! } ?? true
        var msaText = text
        if msaText == nil, !modernError { msaText = error?.message }
        builder.segments.append(msa(code: code, controlID: raw(header[10]), text: msaText))
        if let error { builder.segments.append(err(error, modern: modernError)) }
        return builder.encoded()
    }

    /// The AR for bytes that are not HL7 at all: `|^~\&` delimiters, empty MSH-3…6, an empty MSA-2
    /// and ERR 200 (unless another error is given), in `version`'s ERR format.
    public func rejectionOfNonHL7(error: HL7AckError = HL7AckError(code: .unsupportedMessageType, message: "not an HL7 v2 message"),
                                  text: String? = nil, processingID: String = "P", version: String = "2.5.1",
                                  at date: Date) -> [UInt8] {
        var builder = HL7MessageBuilder()
        var msh = HL7SegmentBuilder("MSH")
        msh[7] = .text(HL7Timestamp.format(date, in: timeZone))
        msh[9] = .text("ACK")
        msh[10] = .text(idGenerator.next())
        msh[11] = .text(processingID)
        msh[12] = .text(version)
        builder.segments.append(msh)
        let modernError = HL7Version(version).map { $0 >= HL7Version("2.5")! } ?? true
        builder.segments.append(msa(code: .applicationReject, controlID: .empty,
                                    text: text ?? (modernError ? nil : error.message)))
        builder.segments.append(err(error, modern: modernError))
        return builder.encoded()
    }

    private func raw(_ value: HL7Value) -> HL7FieldValue {
        .encoded(value.bytes.filter { $0 != HL7Parser.cr && $0 != HL7Parser.lf })
    }

    private func messageType(inboundType: HL7Value, version: HL7Version?, delimiters: HL7Delimiters) -> HL7FieldValue {
        let trigger = inboundType.component(2).bytes
        guard !trigger.isEmpty else { return .text("ACK") }
        var bytes = Array("ACK".utf8)
        bytes.append(delimiters.component)
        bytes.append(contentsOf: trigger)
        let addsStructure = version.map { $0 >= HL7Version("2.4")! } ?? !inboundType.component(3).isEmpty
        if addsStructure {
            bytes.append(delimiters.component)
            bytes.append(contentsOf: "ACK".utf8)
        }
        return .encoded(bytes)
    }

    private func msa(code: HL7AckCode, controlID: HL7FieldValue, text: String?) -> HL7SegmentBuilder {
        var segment = HL7SegmentBuilder("MSA", [.text(code.rawValue), controlID])
        if let text { segment[3] = .text(text) }
        return segment
    }

    /// v2.5+: ERR-2 location, ERR-3 code^text^HL70357, ERR-4 severity, ERR-8 message.
    /// Before v2.5: ERR-1 ELD `SEG^seq^field^code&text&HL70357`.
    private func err(_ error: HL7AckError, modern: Bool) -> HL7SegmentBuilder {
        let code = String(error.code.rawValue)
        if modern {
            var segment = HL7SegmentBuilder("ERR")
            segment[2] = .components(error.location?.parts ?? [])
            segment[3] = .components([code, error.code.text, "HL70357"])
            segment[4] = .text(error.severity.rawValue)
            segment[5] = .empty
            if let message = error.message { segment[8] = .text(message) }
            return segment
        }
        var segment = HL7SegmentBuilder("ERR")
        segment[1] = .eld(location: error.location, code: code, text: error.code.text)
        return segment
    }
}

extension HL7FieldValue {
    /// ELD (pre-2.5 ERR-1): `segment^sequence^field^code&text&HL70357` in the message's separators.
    static func eld(location: HL7ErrorLocation?, code: String, text: String) -> HL7FieldValue {
        .structured([
            [location?.segmentID ?? ""],
            [location?.sequence.map(String.init) ?? ""],
            [location?.field.map(String.init) ?? ""],
            [code, text, "HL70357"],
        ])
    }
}
