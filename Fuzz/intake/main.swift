import CareQueueCore
import Foundation

/// libFuzzer target: the listener's intake checks (`FrameIntake`), between a frame and the store.
///
/// Oracles:
/// - the item keeps the frame's bytes exactly, and classifying twice gives the same decision;
/// - a `.result`, `.order` or `.consultNote` (answered AA) keeps every `AcceptanceRules` rule, and its control id
///   and sender are the item's;
/// - a refusal's reason, which the listener logs and sends in ERR-8, holds no control character
///   (style rule 14: network values are escaped before they reach a log line);
/// - an oversized frame's head is never a `.result`, and is kept exactly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let intake = FrameIntake(processingIDs: ["P"])
    let receivedAt = Date(timeIntervalSince1970: 1_767_225_600)
    let decision = intake.classify(bytes, peer: "fuzz", receivedAt: receivedAt)
    if decision.item.raw != bytes { fatalError("intake: the item does not keep the frame's bytes") }
    let again = intake.classify(bytes, peer: "fuzz", receivedAt: receivedAt)
    if DecisionSummary(decision) != DecisionSummary(again) { fatalError("intake: classifying twice gave different decisions") }
    if case .result(let result) = decision.item.content {
        if let violation = AcceptanceRules.firstViolation(result) {
            fatalError("intake: AA for a message where \(violation)")
        }
        if decision.item.controlID != result.controlID || decision.item.sender != result.sender {
            fatalError("intake: the item's control id or sender differs from the result's")
        }
    }
    if case .order(let order) = decision.item.content {
        if let violation = AcceptanceRules.firstViolation(order) {
            fatalError("intake: AA for an order where \(violation)")
        }
        if decision.item.controlID != order.controlID || decision.item.sender != order.sender {
            fatalError("intake: the item's control id or sender differs from the order's")
        }
    }
    if case .consultNote(let note) = decision.item.content {
        if let violation = AcceptanceRules.firstViolation(note) {
            fatalError("intake: AA for a consult note where \(violation)")
        }
        if decision.item.controlID != note.controlID || decision.item.sender != note.sender {
            fatalError("intake: the item's control id or sender differs from the consult note's")
        }
    }
    if case .refused(let refusal) = decision.item.content, AcceptanceRules.hasControlCharacter(refusal.reason) {
        fatalError("intake: a refusal's reason holds a control character (it is logged and sent in ERR-8)")
    }
    let oversized = intake.classifyOversized(head: bytes, totalBytes: bytes.count + 1, limit: bytes.count,
                                             peer: "fuzz", receivedAt: receivedAt)
    if oversized.item.raw != bytes { fatalError("intake: an oversized frame's item does not keep its head") }
    switch oversized.item.content {
    case .result, .order, .consultNote: fatalError("intake: an oversized frame was accepted")
    case .refused: break
    }
    return 0
}

/// The parts of a decision that must not vary between two classifications of the same bytes.
struct DecisionSummary: Equatable {
    var raw: [UInt8]
    var sender: SenderID?
    var controlID: String?
    var result: ResultMessage?
    var order: OrderMessage?
    var note: ConsultNote?
    var refusal: Refusal?
    var inbound: [UInt8]?

    init(_ decision: IntakeDecision) {
        raw = decision.item.raw
        sender = decision.item.sender
        controlID = decision.item.controlID
        switch decision.item.content {
        case .result(let result): self.result = result
        case .order(let order): self.order = order
        case .consultNote(let note): self.note = note
        case .refused(let refusal): self.refusal = refusal
        }
        inbound = decision.inbound?.raw
    }
}
