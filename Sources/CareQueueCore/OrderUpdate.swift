import Foundation

/// The identity of one order: sender, the filler (OBR-3) or placer (OBR-2) number, and OBR-4.
public struct OrderKey: Sendable, Equatable, Hashable {
    public var sender: SenderID
    public var placerNumber: String?
    public var fillerNumber: String?
    public var serviceCode: String

    public init(sender: SenderID, placerNumber: String?, fillerNumber: String?, serviceCode: String) {
        self.sender = sender
        // An empty number identifies nothing; treating it as absent keeps unrelated orders apart.
        self.placerNumber = placerNumber.flatMap { $0.isEmpty ? nil : $0 }
        self.fillerNumber = fillerNumber.flatMap { $0.isEmpty ? nil : $0 }
        self.serviceCode = serviceCode
    }

    /// The key of `order` as sent by `sender`.
    public init(sender: SenderID, order: OrderResult) {
        self.init(sender: sender, placerNumber: order.placerNumber, fillerNumber: order.fillerNumber,
                  serviceCode: order.serviceCode)
    }

    /// Same sender and OBR-4, and the same filler number or the same placer number.
    public func matches(_ other: OrderKey) -> Bool {
        guard sender == other.sender, serviceCode == other.serviceCode else { return false }
        if let filler = fillerNumber, filler == other.fillerNumber { return true }
        if let placer = placerNumber, placer == other.placerNumber { return true }
        return false
    }
}

/// Who closed a task, when, how and why.
public struct TaskClosure: Sendable, Equatable {
    public var at: Date
    public var by: String
    public var outcome: CloseOutcome
    public var note: String

    public init(at: Date, by: String, outcome: CloseOutcome, note: String) {
        self.at = at
        self.by = by
        self.outcome = outcome
        self.note = note
    }
}

/// One observation on a task with its display position (a replacement takes its predecessor's place).
public struct TaskObservation: Sendable, Equatable {
    public var position: Int
    public var observation: Observation

    public init(position: Int, observation: Observation) {
        self.position = position
        self.observation = observation
    }
}

/// An observation row a message adds to the task's history.
public struct ObservationRecord: Sendable, Equatable {
    public var position: Int
    public var observation: Observation
    /// False for a deletion (OBX-11 D), which is history only.
    public var isCurrent: Bool

    public init(position: Int, observation: Observation, isCurrent: Bool) {
        self.position = position
        self.observation = observation
        self.isCurrent = isCurrent
    }
}

/// Everything the ingest rules read and write about one order's task.
public struct TaskState: Sendable, Equatable {
    public var key: OrderKey
    public var serviceText: String
    public var patient: Patient
    public var routing: RoutingDecision
    public var urgency: Urgency
    public var urgencyReason: String
    /// What the current observations alone say when that is lower than the kept `urgency`.
    public var lowerLabTier: TierDecision?
    /// The display position of the observation that set `urgency` (the row shows its value); nil
    /// when no single observation did.
    public var tierPosition: Int?
    /// OBR-25 of the latest message.
    public var resultStatus: String
    public var status: TaskStatus
    /// First receipt of the order.
    public var receivedAt: Date
    /// Receipt, or the re-opening for a re-opened task.
    public var clockStartedAt: Date
    /// Due time of the running clock; nil once it stopped.
    public var dueAt: Date?
    public var clockStoppedAt: Date?
    public var escalationLevel: Int
    public var attempts: Int
    public var reopened: Bool
    public var retractionReview: Bool
    public var closure: TaskClosure?
    /// Current observations in display order.
    public var observations: [TaskObservation]

    public init(key: OrderKey, serviceText: String, patient: Patient, routing: RoutingDecision,
                urgency: Urgency, urgencyReason: String, lowerLabTier: TierDecision? = nil,
                resultStatus: String, status: TaskStatus, receivedAt: Date, clockStartedAt: Date,
                dueAt: Date?, clockStoppedAt: Date? = nil, escalationLevel: Int = 0, attempts: Int = 0,
                reopened: Bool = false, retractionReview: Bool = false, closure: TaskClosure? = nil,
                observations: [TaskObservation], tierPosition: Int? = nil) {
        self.key = key
        self.serviceText = serviceText
        self.patient = patient
        self.routing = routing
        self.urgency = urgency
        self.urgencyReason = urgencyReason
        self.lowerLabTier = lowerLabTier
        self.resultStatus = resultStatus
        self.status = status
        self.receivedAt = receivedAt
        self.clockStartedAt = clockStartedAt
        self.dueAt = dueAt
        self.clockStoppedAt = clockStoppedAt
        self.escalationLevel = escalationLevel
        self.attempts = attempts
        self.reopened = reopened
        self.retractionReview = retractionReview
        self.closure = closure
        self.observations = observations
        self.tierPosition = tierPosition
    }

    /// True while a due clock runs.
    public var clockRunning: Bool { dueAt != nil }
}

/// Something a message did to a task, for the audit trail. Details carry no patient data.
public struct TaskEvent: Sendable, Equatable {
    /// The audit `action` text for each kind of change.
    public enum Action: String, Sendable, CaseIterable {
        case created = "task.created"
        case updated = "task.updated"
        case routed = "task.routed"
        case urgencyRaised = "task.urgency-raised"
        case urgencyKept = "task.urgency-kept"
        case clockRestarted = "task.clock-restarted"
        case reopened = "task.reopened"
        case retractionReview = "task.retraction-review"
        case observationDeleted = "task.observation-deleted"
        case cancelledByLab = "task.cancelled-by-lab"
    }

    public var action: Action
    public var details: [String: String]

    public init(_ action: Action, _ details: [String: String] = [:]) {
        self.action = action
        self.details = details
    }
}

/// The outcome of applying one message's order to its task.
public struct OrderUpdateResult: Sendable, Equatable {
    public var task: TaskState
    /// Indices into the previous `observations` that are no longer current.
    public var retiredObservations: [Int]
    /// Rows this message adds to the observation history.
    public var addedObservations: [ObservationRecord]
    public var events: [TaskEvent]
}

/// DESIGN.md "HL7 rules" for one order: one task per order, history kept, urgency never silently falls.
public enum OrderUpdate {
    /// The task state after `order` arrives at `now` (commit time), given the order's task so far.
    public static func apply(existing: TaskState?, order: OrderResult, patient: Patient, sender: SenderID,
                             routing: RoutingDecision, now: Date, windows: CareQueueConfig.Windows,
                             tiers: CareQueueConfig.Tiers) -> OrderUpdateResult {
        let merge = ObservationMerge(existing: existing?.observations ?? [], incoming: order.observations)
        // A new task without deletions keeps every incoming OBX, in order: the order as sent is current.
        let evidence: TierEvidence
        if existing == nil, merge.deletedCodes.isEmpty {
            evidence = Tiering.decide(order, tiers: tiers)
        } else {
            var current = order
            current.observations = merge.current.map(\.observation)
            evidence = Tiering.decide(current, tiers: tiers)
        }
        let tier = evidence.decision
        // Either way the index counts in `merge.current` (a new task keeps every OBX in order).
        let tierPosition = evidence.decidingIndex.flatMap { merge.current.indices.contains($0) ? merge.current[$0].position : nil }
        let cancelled = CodeText.equalsIgnoringCase(order.resultStatus, "X")
        let cancelNote: String? = cancelled ? "cancelled by the lab (OBR-25 X)"
            : merge.deletedCodes.isEmpty || !merge.current.isEmpty ? nil
            : "all observations deleted by the lab (OBX-11 D)"

        var events: [TaskEvent] = []
        var task: TaskState
        if var previous = existing {
            events.append(TaskEvent(.updated, ["result_status": order.resultStatus,
                                               "previous_result_status": previous.resultStatus]))
            previous.key = merged(previous.key, with: OrderKey(sender: sender, order: order))
            if !order.serviceText.isEmpty { previous.serviceText = order.serviceText }
            previous.patient = patient
            previous.resultStatus = order.resultStatus
            previous.observations = merge.current
            if previous.routing.isUnassigned, !routing.isUnassigned {
                previous.routing = routing
                events.append(TaskEvent(.routed, ["assigned_npi": routing.assignedNPI ?? ""]))
            }
            let rose = applyTier(tier, position: tierPosition, to: &previous, now: now, windows: windows, events: &events)
            let corrected = CodeText.equalsIgnoringCase(order.resultStatus, "C")
                || order.observations.contains { CodeText.equalsIgnoringCase($0.status, "C") }
            if previous.status == .closed, cancelNote == nil, corrected || rose {
                reopen(&previous, now: now, windows: windows,
                       why: corrected ? "correction" : "urgency rose", events: &events)
            }
            task = previous
        } else {
            task = TaskState(key: OrderKey(sender: sender, order: order), serviceText: order.serviceText,
                             patient: patient, routing: routing, urgency: tier.urgency, urgencyReason: tier.reason,
                             resultStatus: order.resultStatus, status: .open, receivedAt: now,
                             clockStartedAt: now, dueAt: now.addingTimeInterval(windows.window(for: tier.urgency)),
                             observations: merge.current, tierPosition: tierPosition)
            events.append(TaskEvent(.created, ["urgency": tier.urgency.rawValue,
                                               "result_status": order.resultStatus]))
        }

        for code in merge.deletedCodes {
            events.append(TaskEvent(.observationDeleted, ["code": code]))
        }
        if !task.retractionReview, order.observations.contains(where: { CodeText.equalsIgnoringCase($0.status, "W") }) {
            task.retractionReview = true
            events.append(TaskEvent(.retractionReview, ["reason": "OBX-11 W (wrong patient)"]))
        }
        if let cancelNote, task.status != .closed {
            close(&task, now: now, actor: "lab:\(sender.display)", note: cancelNote)
            events.append(TaskEvent(.cancelledByLab, ["note": cancelNote]))
        }
        return OrderUpdateResult(task: task, retiredObservations: merge.retired,
                                 addedObservations: merge.added, events: events)
    }

    /// Applies the tier of the current observations; returns true when urgency rose.
    /// `position` is that of the observation that set `tier`; it follows the reason (a kept higher
    /// urgency keeps the observation that set it).
    private static func applyTier(_ tier: TierDecision, position: Int?, to task: inout TaskState, now: Date,
                                  windows: CareQueueConfig.Windows, events: inout [TaskEvent]) -> Bool {
        guard tier.urgency > task.urgency else {
            if tier.urgency < task.urgency {
                task.lowerLabTier = tier
                events.append(TaskEvent(.urgencyKept, ["kept": task.urgency.rawValue, "lab": tier.urgency.rawValue]))
            } else {
                task.urgencyReason = tier.reason
                task.tierPosition = position
                task.lowerLabTier = nil
            }
            return false
        }
        events.append(TaskEvent(.urgencyRaised, ["from": task.urgency.rawValue, "to": tier.urgency.rawValue]))
        task.urgency = tier.urgency
        task.urgencyReason = tier.reason
        task.tierPosition = position
        task.lowerLabTier = nil
        let window = windows.window(for: tier.urgency)
        if task.clockRunning {
            task.dueAt = task.clockStartedAt.addingTimeInterval(window)
        } else if task.status != .closed {
            // The first action stopped the old clock, but nobody has acknowledged the higher urgency yet.
            task.status = .open
            task.clockStartedAt = now
            task.dueAt = now.addingTimeInterval(window)
            task.clockStoppedAt = nil
            task.escalationLevel = 0
            events.append(TaskEvent(.clockRestarted, ["urgency": tier.urgency.rawValue]))
        }
        return true
    }

    private static func reopen(_ task: inout TaskState, now: Date, windows: CareQueueConfig.Windows,
                               why: String, events: inout [TaskEvent]) {
        events.append(TaskEvent(.reopened, ["reason": why,
                                            "previous_outcome": task.closure?.outcome.rawValue ?? ""]))
        task.status = .open
        task.reopened = true
        task.closure = nil
        task.clockStartedAt = now
        task.dueAt = now.addingTimeInterval(windows.window(for: task.urgency))
        task.clockStoppedAt = nil
        task.escalationLevel = 0
    }

    private static func close(_ task: inout TaskState, now: Date, actor: String, note: String) {
        task.status = .closed
        task.closure = TaskClosure(at: now, by: actor, outcome: .cancelledByLab, note: note)
        if task.clockRunning {
            task.clockStoppedAt = now
            task.dueAt = nil
        }
    }

    /// Fills numbers the task did not know yet; a known number is never overwritten.
    private static func merged(_ key: OrderKey, with incoming: OrderKey) -> OrderKey {
        var key = key
        if key.placerNumber == nil { key.placerNumber = incoming.placerNumber }
        if key.fillerNumber == nil { key.fillerNumber = incoming.fillerNumber }
        return key
    }
}

/// Pairs a message's OBX with the task's current observations: the k-th incoming OBX with a code
/// replaces the k-th current one with that code; D retires it; unmentioned ones stay current.
struct ObservationMerge {
    var retired: [Int] = []
    var added: [ObservationRecord] = []
    var current: [TaskObservation] = []
    var deletedCodes: [String] = []

    init(existing: [TaskObservation], incoming: [Observation]) {
        var nextPosition = 0
        if let first = existing.first {
            var highest = first.position
            for item in existing where item.position > highest { highest = item.position }
            nextPosition = highest + 1
        }
        // For each code, the existing observations with it in order, as a chain: `nextWithCode[i]`
        // is the next index after `i` with the same code (-1 at the end), and `unclaimed[code]` the
        // first one no incoming OBX has claimed yet. A new task (no existing) needs neither.
        var nextWithCode: [Int] = []
        var unclaimed: [String: Int] = [:]
        if !existing.isEmpty {
            nextWithCode = Array(repeating: -1, count: existing.count)
            unclaimed.reserveCapacity(existing.count)
            for index in existing.indices.reversed() {
                let code = existing[index].observation.code
                if let following = unclaimed.updateValue(index, forKey: code) { nextWithCode[index] = following }
            }
        }
        var isRetired = [Bool](repeating: false, count: existing.count)
        added.reserveCapacity(incoming.count)

        // Observations are read in place by index and copied only into what the merge keeps.
        for incomingIndex in incoming.indices {
            var match: Int?
            if !existing.isEmpty, let slot = unclaimed.index(forKey: incoming[incomingIndex].code) {
                let candidate = unclaimed.values[slot]
                if candidate >= 0 {
                    match = candidate
                    unclaimed.values[slot] = nextWithCode[candidate]
                }
            }
            let isDeletion = CodeText.equalsIgnoringCase(incoming[incomingIndex].status, "D")
            // A resend of an unchanged OBX adds nothing to the history.
            if let match, !isDeletion, existing[match].observation == incoming[incomingIndex] { continue }
            let observation = incoming[incomingIndex]
            let position: Int
            if let match {
                isRetired[match] = true
                retired.append(match)
                position = existing[match].position
            } else {
                position = nextPosition
                nextPosition += 1
            }
            added.append(ObservationRecord(position: position, observation: observation, isCurrent: !isDeletion))
            if isDeletion { deletedCodes.append(observation.code) }
        }
        current.reserveCapacity(existing.count - retired.count + added.count)
        for (index, item) in existing.enumerated() where !isRetired[index] { current.append(item) }
        for record in added where record.isCurrent {
            current.append(TaskObservation(position: record.position, observation: record.observation))
        }
        // Usually already in order (a new task's positions count up); sort only when not.
        if zip(current, current.dropFirst()).contains(where: { $0.position > $1.position }) {
            current.sort { $0.position < $1.position }
        }
    }
}
