import Foundation
import HL7

/// One framed message, classified: what to hand the store, and the parsed message the ACK answers.
public struct IntakeDecision: Sendable {
    public var item: IngestItem
    /// Nil when the bytes were not HL7 at all (the ACK then uses default delimiters).
    public var inbound: HL7Message?
}

/// The listener's checks between a frame and the store (pure; no socket, no clock).
///
/// Order of checks: HL7 at all → version (AR 203) → message type (AR 200/201) → processing id
/// (AR 202) → content (AE 100–103, see `ResultExtraction`).
public struct FrameIntake: Sendable {
    /// HL7 versions CareQueue reads.
    public static let supportedVersions = HL7Version("2.3")!...HL7Version("2.8.2")!

    public var processingIDs: Set<String>

    public init(processingIDs: [String]) {
        self.processingIDs = Set(processingIDs.map { $0.uppercased() })
    }

    /// Classifies a complete frame payload.
    public func classify(_ payload: [UInt8], peer: String, receivedAt: Date) -> IntakeDecision {
        let message: HL7Message
        do {
            message = try HL7Message(parsing: payload)
        } catch {
            let refusal = Refusal(kind: .reject, code: .unsupportedMessageType, reason: "not an HL7 v2 message: \(error.description)")
            return IntakeDecision(item: IngestItem(raw: payload, peer: peer, sender: nil, controlID: nil,
                                                   receivedAt: receivedAt, content: .refused(refusal)), inbound: nil)
        }
        let header = message.header
        let sender = SenderID(application: header.sendingApplication.encoded, facility: header.sendingFacility.encoded)
        func decision(_ content: IngestItem.Content) -> IntakeDecision {
            IntakeDecision(item: IngestItem(raw: payload, peer: peer, sender: sender, controlID: header.controlID,
                                            receivedAt: receivedAt, content: content), inbound: message)
        }
        if let refusal = headerRefusal(header) { return decision(.refused(refusal)) }
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
        let header = message.header
        let sender = SenderID(application: header.sendingApplication.encoded, facility: header.sendingFacility.encoded)
        return IntakeDecision(item: IngestItem(raw: head, peer: peer, sender: sender, controlID: header.controlID,
                                               receivedAt: receivedAt, content: .refused(refusal)), inbound: message)
    }

    func headerRefusal(_ header: MSHSegment) -> Refusal? {
        let versionText = header.versionID
        guard let version = header.version, Self.supportedVersions.contains(version) else {
            return Refusal(kind: .reject, code: .unsupportedVersionID,
                           reason: "unsupported HL7 version \"\(versionText)\" (CareQueue reads 2.3 to 2.8)", location: "MSH^1^12")
        }
        let code = header.messageCode.uppercased()
        let trigger = header.triggerEvent.uppercased()
        guard code == "ORU" else {
            let type = trigger.isEmpty ? code : "\(code)^\(trigger)"
            return Refusal(kind: .reject, code: .unsupportedMessageType,
                           reason: "unsupported message type \(type.isEmpty ? "(empty)" : type): CareQueue takes ORU^R01", location: "MSH^1^9")
        }
        // v2.3 feeds send just "ORU" with no trigger; that is an R01.
        guard trigger.isEmpty || trigger == "R01" else {
            return Refusal(kind: .reject, code: .unsupportedEventCode,
                           reason: "unsupported trigger event ORU^\(trigger): CareQueue takes ORU^R01", location: "MSH^1^9^1^2")
        }
        let processingID = header.processingID.uppercased()
        guard processingIDs.contains(processingID) else {
            let allowed = processingIDs.sorted().joined(separator: ", ")
            return Refusal(kind: .reject, code: .unsupportedProcessingID,
                           reason: "processing id \"\(processingID)\" is not accepted here (accepted: \(allowed); [listener] processing_ids)",
                           location: "MSH^1^11")
        }
        return nil
    }
}
