import Foundation
import HL7

/// `rules try`: what ingest would do with messages under a configuration and roster, decided by the
/// same code ingest runs — `FrameIntake` (the ACK's checks), the duplicate rule, `ConsultNoteMatching`,
/// `ResultTaskRules` (routing, tiering, `OrderUpdate`) and `[turnaround]` — with nothing written.
///
/// Messages are tried in order and remembered, so later ones see what earlier ones would have made
/// (a final result updates its preliminary's task; a consult note finds the referral sent before
/// it), over what the store holds (`RulesTrialStore`, read only). Every message is tried as if it
/// arrived at `at`: routing and coverage as of then, clocks from then.
public struct RulesTrial: Sendable {
    /// One message to try.
    public struct Input: Sendable {
        /// "FILE:N" or "message ID".
        public var label: String
        public var raw: [UInt8]
        /// Stands in for the peer address intake records.
        public var peer: String

        public init(label: String, raw: [UInt8], peer: String = "rules try") {
            self.label = label
            self.raw = raw
            self.peer = peer
        }
    }

    let intake: FrameIntake
    let maxFrameBytes: Int
    let reusedControlID: CareQueueConfig.ReusedControlID
    let turnaround: CareQueueConfig.Turnaround
    let rules: ResultTaskRules
    let at: Date
    var memory = TrialMemory()

    public init(config: CareQueueConfig, roster: Roster, at: Date) {
        intake = FrameIntake(processingIDs: config.listener.processingIDs)
        maxFrameBytes = config.listener.maxFrameBytes
        reusedControlID = config.listener.reusedControlID
        turnaround = config.turnaround
        rules = ResultTaskRules(roster: roster, windows: config.windows, tiers: config.tiers,
                                consultNoteTier: config.turnaround.consultNoteTier)
        // Stored times are whole seconds; so are the trial's.
        self.at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
    }

    /// Tries one message; what it would make is remembered for the messages after it.
    public mutating func run(_ input: Input, store: some RulesTrialStore) throws -> TrialMessage {
        let decision = classify(input)
        let item = decision.item
        let header = decision.inbound?.header
        let type = header.map { [$0.messageCode, $0.triggerEvent].filter { !$0.isEmpty }.joined(separator: "^") }
        var trial = TrialMessage(label: input.label, sender: item.sender?.display, controlID: item.controlID,
                                 type: type, charsetWarning: item.charsetWarning, verdict: .accepted([]))
        guard let identity = item.content.acceptedIdentity else {
            guard case .refused(let refusal) = item.content else { preconditionFailure("only a refusal has no identity") }
            trial.verdict = .refused(refusal)
            return trial
        }
        let key = TrialMemory.Identity(sender: identity.sender, controlID: identity.controlID)
        let normalized = SameMessage.normalized(input.raw)
        if let verdict = try repeated(key, normalized: normalized, raw: input.raw, store: store) {
            trial.verdict = verdict
            return trial
        }
        memory.accepted[key, default: []].append(.init(label: input.label, normalized: normalized))
        var outcomes: [TrialOutcome] = []
        switch item.content {
        case .result(let message):
            for patientResult in message.patientResults {
                for order in patientResult.orders {
                    outcomes.append(.task(try task(order, patient: patientResult.patient, sender: message.sender,
                                                   documentReferralIDs: nil, label: input.label, store: store)))
                }
            }
        case .consultNote(let note):
            outcomes.append(.task(try task(note.document, patient: note.patient, sender: note.sender,
                                           documentReferralIDs: note.referralIDs, label: input.label, store: store)))
        case .order(let message):
            outcomes += message.items.map { .order(track($0, of: message)) }
        case .refused:
            preconditionFailure("a refusal has no identity")
        }
        trial.verdict = .accepted(outcomes)
        return trial
    }

    /// The listener's classification, including its frame size limit.
    private func classify(_ input: Input) -> IntakeDecision {
        guard input.raw.count > maxFrameBytes else {
            return intake.classify(input.raw, peer: input.peer, receivedAt: at)
        }
        // The listener keeps only the head of an oversized frame: its first segment.
        let end = input.raw.firstIndex { $0 == 0x0D || $0 == 0x0A } ?? min(input.raw.count, 4096)
        return intake.classifyOversized(head: Array(input.raw[..<end]), totalBytes: input.raw.count,
                                        limit: maxFrameBytes, peer: input.peer, receivedAt: at)
    }

    /// A resend (duplicate) or a reused control id, as `MessageIngest` decides it: against the
    /// store first, then against this trial's earlier messages; nil when the identity is new.
    private func repeated(_ key: TrialMemory.Identity, normalized: [UInt8], raw: [UInt8],
                          store: some RulesTrialStore) throws -> TrialMessage.Verdict? {
        let stored = try store.storedMessage(sender: key.sender, controlID: key.controlID, raw: raw)
        if case .same(let id) = stored { return .duplicate(of: "message \(id)") }
        let earlier = memory.accepted[key] ?? []
        if let same = earlier.first(where: { $0.normalized == normalized }) { return .duplicate(of: same.label) }
        let original: String? = switch stored {
        case .reused(let id): "message \(id)"
        default: earlier.first.map(\.label)
        }
        guard let original, reusedControlID == .refuse else { return nil }
        return .refused(.controlIDReused(original: original))
    }

    /// The task `order` would make or update, remembered for later messages.
    private mutating func task(_ order: OrderResult, patient: Patient, sender: SenderID, documentReferralIDs: [String]?,
                               label: String, store: some RulesTrialStore) throws -> TrialTask {
        let consult = try ConsultNoteMatching.match(order, mrn: patient.mrn, documentReferralIDs: documentReferralIDs,
                                                    lookup: TrialReferrals(memory: memory, store: store))
        let order = consult?.order ?? order
        let found = try memory.task(OrderKey(sender: sender, order: order), store: store)
        let update = rules.update(order, patient: patient, sender: sender, consult: consult,
                                  existing: found?.slot.state, now: at)
        let state = update.task
        memory.remember(TrialMemory.TaskSlot(state: state, storedID: found?.slot.storedID, madeBy: found?.slot.madeBy ?? label),
                        at: found?.index)
        let names = rules.roster.providers.mapValues(\.name)
        let named = documentReferralIDs ?? order.placerNumber.map { [$0] } ?? []
        return TrialTask(
            target: found?.slot.target ?? .new, placerNumber: state.key.placerNumber, fillerNumber: state.key.fillerNumber,
            testCode: state.key.serviceCode, testText: state.serviceText, urgency: state.urgency,
            urgencyReason: state.urgencyReason, lowerLabTier: state.lowerLabTier, routing: state.routing,
            queue: QueueLabel.queue(state.routing.assignedNPI, names: names),
            window: rules.windows.window(for: state.urgency), dueAt: state.dueAt,
            closedNote: state.status == .closed ? state.closure?.note : nil, retractionReview: state.retractionReview,
            consultNote: consult.map { ConsultNoteTrial(referralID: $0.referral?.placerNumber, named: named) })
    }

    /// How ingest would track `item`, remembered so a later consult note or `XO` finds it.
    private mutating func track(_ item: OrderItem, of message: OrderMessage) -> TrialOrder {
        var order = TrialOrder(kind: message.kind, action: item.action, control: item.control, placerNumber: item.placerNumber,
                               testCode: item.serviceCode, testText: item.serviceText, stat: item.isStat)
        guard item.action != .cancel else { return order }
        let slot = TrialMemory.OrderSlotKey(kind: message.kind, mrn: message.patient.mrn, placer: item.placerNumber,
                                            test: message.kind == .referral ? "" : item.serviceCode)
        // A change keeps the first order's time (ORC-9 of an XO is when it changed).
        let orderedAt = memory.orderedAt[slot]
            ?? item.orderedAt.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) } ?? at
        memory.orderedAt[slot] = orderedAt
        let window = turnaround.window(kind: message.kind, serviceCode: item.serviceCode, isStat: item.isStat)
        order.orderedAt = orderedAt
        order.window = window
        order.expectedBy = orderedAt.addingTimeInterval(window)
        order.windowRule = turnaround.windowRule(kind: message.kind, serviceCode: item.serviceCode, isStat: item.isStat)
        switch message.kind {
        case .order:
            memory.labOrders.insert(.init(mrn: message.patient.mrn, number: item.placerNumber))
        case .referral:
            // Keyed by patient and id alone, as the store keys it: an I13 may change the reason or provider.
            let reason = item.serviceText.isEmpty ? item.serviceCode : item.serviceText
            let referral = ReferralOnFile(id: nil, mrn: message.patient.mrn, placerNumber: item.placerNumber, reason: reason,
                                          referringNPI: item.orderingProvider.flatMap(\.npiKey), state: "ordered")
            if let index = memory.referrals.firstIndex(where: { $0.mrn == referral.mrn && $0.placerNumber == referral.placerNumber }) {
                memory.referrals[index] = referral
            } else {
                memory.referrals.append(referral)
            }
        }
        return order
    }
}

extension TrialOrder {
    init(kind: OrderMessage.Kind, action: OrderItem.Action, control: String, placerNumber: String, testCode: String,
         testText: String, stat: Bool) {
        self.init(kind: kind, action: action, control: control, placerNumber: placerNumber, testCode: testCode,
                  testText: testText, stat: stat, orderedAt: nil, expectedBy: nil, window: nil, windowRule: nil)
    }
}
