import Foundation

/// An order or referral as CareQueue tracks it, from the order message to its result.
public struct TrackedOrder: Sendable, Equatable {
    /// `ordered` until a result answers it, then `preliminary` or `final`; `cancelled` when the
    /// orderer cancelled it. "Acted on" is its result task's closure.
    public enum State: String, Sendable, Equatable, CaseIterable {
        case ordered, preliminary, final, cancelled
    }

    public var id: Int64
    public var kind: OrderMessage.Kind
    public var sender: SenderID
    public var mrn: String
    public var patient: String
    public var placerNumber: String
    public var fillerNumber: String?
    public var serviceCode: String
    public var serviceText: String
    public var orderingNPI: String?
    public var orderingName: String
    public var referredTo: String?
    public var priority: String?
    public var orderedAt: Date
    public var state: State
    public var resultedAt: Date?
    /// The task its result became, and when that task was first acted on and closed.
    public var resultTaskID: Int64?
    public var firstActionAt: Date?
    public var closedAt: Date?
    /// When its result is due at the latest (`[turnaround]` when the order came); nil: not recorded.
    public var expectedBy: Date?
    /// The "result not received" task it became when it went overdue.
    public var missingTaskID: Int64?

    public init(id: Int64, kind: OrderMessage.Kind, sender: SenderID, mrn: String, patient: String, placerNumber: String,
                fillerNumber: String? = nil, serviceCode: String, serviceText: String, orderingNPI: String? = nil,
                orderingName: String = "", referredTo: String? = nil, priority: String? = nil, orderedAt: Date,
                state: State, resultedAt: Date? = nil, resultTaskID: Int64? = nil, firstActionAt: Date? = nil,
                closedAt: Date? = nil, expectedBy: Date? = nil, missingTaskID: Int64? = nil) {
        self.expectedBy = expectedBy
        self.missingTaskID = missingTaskID
        self.id = id
        self.kind = kind
        self.sender = sender
        self.mrn = mrn
        self.patient = patient
        self.placerNumber = placerNumber
        self.fillerNumber = fillerNumber
        self.serviceCode = serviceCode
        self.serviceText = serviceText
        self.orderingNPI = orderingNPI
        self.orderingName = orderingName
        self.referredTo = referredTo
        self.priority = priority
        self.orderedAt = orderedAt
        self.state = state
        self.resultedAt = resultedAt
        self.resultTaskID = resultTaskID
        self.firstActionAt = firstActionAt
        self.closedAt = closedAt
    }

    /// "Potassium", else the code.
    public var test: String { serviceText.isEmpty ? serviceCode : serviceText }

    /// Stat: priority `S`.
    public var isStat: Bool { Self.isStat(priority: priority) }

    /// Whether an order with `priority` (OBR-27 / TQ1-9) is stat.
    public static func isStat(priority: String?) -> Bool { priority?.uppercased() == "S" }

    /// "ordered → final → acted on": where it stands on the way from order to action.
    public var progress: String {
        switch state {
        case .cancelled: return "cancelled"
        case .ordered: return kind == .referral ? "referred" : "ordered"
        case .preliminary, .final:
            return closedAt != nil ? "acted on" : state.rawValue
        }
    }

    /// "ordered 08:10 → resulted in 4h15 → first action after 20m": the turnaround so far, in words.
    public func turnaround(time: (Date) -> String) -> String {
        var parts = ["ordered \(time(orderedAt))"]
        if let resultedAt {
            parts.append("resulted \(time(resultedAt)), \(AgeText.short(resultedAt.timeIntervalSince(orderedAt))) after the order")
            if let firstActionAt {
                parts.append("first action \(time(firstActionAt)), \(AgeText.short(firstActionAt.timeIntervalSince(resultedAt))) after the result")
            }
        }
        return parts.joined(separator: " → ")
    }
}
