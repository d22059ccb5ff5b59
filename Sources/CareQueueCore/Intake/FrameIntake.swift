import Foundation
import HL7

/// One framed message, classified: what to hand the store, and the parsed message the ACK answers.
public struct IntakeDecision: Sendable {
    public var item: IngestItem
    /// Nil when the bytes were not one HL7 message (the ACK then uses default delimiters).
    public var inbound: HL7Message?
}

/// The listener's checks between a frame and the store (pure; no socket, no clock).
///
/// Order of checks: one HL7 message at all (AR 200, or AR 100 for a batch in one frame) → segments
/// whose delimiters disagree with MSH-1 (AE 102) → version (AR 203) → message type (AR 200/201) →
/// processing id (AR 202) → the message's identity, MSH-3, MSH-4 and MSH-10 (AE 101 when MSH-10 is
/// blank, AE 102 for control characters) → content (AE 100–103, see `ResultExtraction`).
///
/// Only a message that passes every check becomes `.result`, `.order` or `.consultNote`, the cases answered AA: its
/// identity fields are complete, non-blank and free of control characters, so the store can key
/// duplicates on them without losing or merging anything.
public struct FrameIntake: Sendable {
    /// HL7 versions CareQueue reads.
    public static let supportedVersions = HL7Version("2.3")!...HL7Version("2.8.2")!

    public var processingIDs: Set<String>

    public init(processingIDs: [String]) {
        self.processingIDs = Set(processingIDs.map { $0.uppercased() })
    }

    /// Classifies a complete frame payload.
    public func classify(_ payload: [UInt8], peer: String, receivedAt: Date) -> IntakeDecision {
        func unreadable(_ refusal: Refusal) -> IntakeDecision {
            IntakeDecision(item: IngestItem(raw: payload, peer: peer, sender: nil, controlID: nil,
                                            receivedAt: receivedAt, content: .refused(refusal)), inbound: nil)
        }
        if let envelope = BatchEnvelope.leading(payload) {
            return unreadable(Refusal(kind: .reject, code: .segmentSequenceError,
                                      reason: "a batch inside one frame (\(envelope) before the first MSH): send one message per frame, or use `carequeue send`",
                                      location: envelope))
        }
        let message: HL7Message
        do {
            message = try HL7Message(parsing: payload)
        } catch {
            return unreadable(Refusal(kind: .reject, code: .unsupportedMessageType, reason: "not an HL7 v2 message: \(error.description)"))
        }
        let header = message.header
        let identity = MessageIdentity(header)
        func decision(_ content: IngestItem.Content) -> IntakeDecision {
            IntakeDecision(item: IngestItem(raw: payload, peer: peer, sender: identity.storedSender,
                                            controlID: identity.storedControlID, receivedAt: receivedAt,
                                            content: content, charsetWarning: message.warnings.first),
                           inbound: message)
        }
        // Delimiters that disagree first: until they agree, no header field can be trusted.
        if let refusal = Self.delimiterRefusal(message) ?? headerRefusal(header) ?? identity.refusal {
            return decision(.refused(refusal))
        }
        if let kind = OrderExtraction.kind(code: header.messageCode.uppercased(), trigger: header.triggerEvent.uppercased()) {
            switch OrderExtraction.extract(message, kind: kind) {
            case .success(let order): return decision(.order(order))
            case .failure(let refusal): return decision(.refused(refusal))
            }
        }
        if ConsultNoteExtraction.reads(code: header.messageCode.uppercased(), trigger: header.triggerEvent.uppercased()) {
            switch ConsultNoteExtraction.extract(message) {
            case .success(let note): return decision(.consultNote(note))
            case .failure(let refusal): return decision(.refused(refusal))
            }
        }
        switch ResultExtraction.extract(message) {
        case .success(let result): return decision(.result(result))
        case .failure(let refusal): return decision(.refused(refusal))
        }
    }

    /// A frame over `[listener] max_frame_bytes`: only its head (the MSH) was kept.
    public func classifyOversized(head: [UInt8], totalBytes: Int, limit: Int, peer: String, receivedAt: Date) -> IntakeDecision {
        let reason = "message too large: \(totalBytes) bytes, limit \(limit) ([listener] max_frame_bytes); only its MSH is kept"
        let refusal = Refusal(kind: .reject, code: .valueTooLong, reason: reason, location: "MSH")
        guard let message = try? HL7Message(parsing: head) else {
            return IntakeDecision(item: IngestItem(raw: head, peer: peer, sender: nil, controlID: nil,
                                                   receivedAt: receivedAt, content: .refused(refusal)), inbound: nil)
        }
        let identity = MessageIdentity(message.header)
        return IntakeDecision(item: IngestItem(raw: head, peer: peer, sender: identity.storedSender,
                                               controlID: identity.storedControlID, receivedAt: receivedAt,
                                               content: .refused(refusal)), inbound: message)
    }

    func headerRefusal(_ header: MSHSegment) -> Refusal? {
        let versionText = header.versionID
        guard let version = header.version, Self.supportedVersions.contains(version) else {
            return Refusal(kind: .reject, code: .unsupportedVersionID,
                           reason: "unsupported HL7 version \(Self.quoted(versionText)) (CareQueue reads 2.3 to 2.8)",
                           location: "MSH^1^12")
        }
        let code = header.messageCode.uppercased()
        let trigger = header.triggerEvent.uppercased()
        let taken = "CareQueue takes ORU^R01, ORM^O01, OML^O21, REF^I12–I14 and MDM^T02 (T06, T08, T10)"
        guard ["ORU", "ORM", "OML", "REF", "MDM"].contains(code) else {
            let type = trigger.isEmpty ? code : "\(code)^\(trigger)"
            return Refusal(kind: .reject, code: .unsupportedMessageType,
                           reason: "unsupported message type \(type.isEmpty ? "(empty)" : Self.quoted(type)): \(taken)",
                           location: "MSH^1^9")
        }
        // v2.3 feeds send just "ORU" with no trigger; that is an R01.
        guard (code == "ORU" && (trigger.isEmpty || trigger == "R01")) || OrderExtraction.kind(code: code, trigger: trigger) != nil
            || ConsultNoteExtraction.reads(code: code, trigger: trigger) else {
            return Refusal(kind: .reject, code: .unsupportedEventCode,
                           reason: "unsupported trigger event \(code)^\(Self.quoted(trigger)): \(taken)",
                           location: "MSH^1^9^1^2")
        }
        let processingID = header.processingID.uppercased()
        guard processingIDs.contains(processingID) else {
            let allowed = processingIDs.sorted().joined(separator: ", ")
            return Refusal(kind: .reject, code: .unsupportedProcessingID,
                           reason: "processing id \(Self.quoted(processingID)) is not accepted here (accepted: \(allowed); [listener] processing_ids)",
                           location: "MSH^1^11")
        }
        return nil
    }

    /// AE 102 when a later line starts `XYZ|` under an MSH that declared another field separator.
    static func delimiterRefusal(_ message: HL7Message) -> Refusal? {
        guard let conflict = message.delimiterConflict else { return nil }
        let segment = message.segments[conflict.segmentIndex]
        let occurrence = message.segments[...conflict.segmentIndex].filter { $0.id == segment.id }.count
        let separator = Character(UnicodeScalar(message.delimiters.field))
        return Refusal(kind: .error, code: .dataTypeError,
                       reason: "the delimiters disagree: MSH-1 declares \(Self.quoted(String(separator))) but the segment on line \(conflict.line) is separated by \"|\"",
                       location: "\(segment.id)^\(occurrence)")
    }

    /// A header value quoted for a reason that reaches the ACK, the review list and the log:
    /// control characters shown, length bounded.
    static func quoted(_ value: String) -> String {
        "\"\(UntrustedText.forLog(value, limit: 32))\""
    }
}
