import CareQueueCore
import Foundation

/// `orders list` as a table and `orders show` as lines: oldest order first.
public enum OrdersTable {
    public static let header = ["ID", "KIND", "STATE", "ORDERED", "AGE", "EXPECTED BY", "PATIENT", "MRN", "TEST", "PLACER",
                                "ORDERED BY", "RESULT TASK"]

    public static func row(_ order: TrackedOrder, turnaround: CareQueueConfig.Turnaround, at now: Date) -> [String] {
        [String(order.id), order.kind.rawValue + (order.isStat ? " STAT" : ""), order.progress, Timestamp.iso(order.orderedAt),
         AgeText.compact(now.timeIntervalSince(order.orderedAt)), expected(order, turnaround: turnaround, at: now),
         order.patient, order.mrn, order.test, order.placerNumber, provider(order), order.resultTaskID.map(String.init) ?? ""]
    }

    /// "2026-03-01T16:10:00Z", with "(overdue 3h05)" while still awaited past it; "" once resulted or cancelled.
    static func expected(_ order: TrackedOrder, turnaround: CareQueueConfig.Turnaround, at now: Date) -> String {
        guard order.state == .ordered else { return "" }
        let by = turnaround.expectedBy(order)
        return Timestamp.iso(by) + (by <= now ? " (overdue \(AgeText.compact(now.timeIntervalSince(by))))" : "")
    }

    /// "Patel, Anika (NPI 1000000020)", the name alone, or the NPI alone.
    static func provider(_ order: TrackedOrder) -> String {
        switch (order.orderingName.isEmpty, order.orderingNPI) {
        case (false, let npi?): return "\(order.orderingName) (NPI \(npi))"
        case (false, nil): return order.orderingName
        case (true, let npi?): return "NPI \(npi)"
        case (true, nil): return ""
        }
    }

    /// `orders show`: one labelled line per fact.
    public static func lines(_ order: TrackedOrder, turnaround: CareQueueConfig.Turnaround, at now: Date) -> [String] {
        func line(_ label: String, _ value: String) -> String { label.padding(toLength: 12, withPad: " ", startingAt: 0) + value }
        let provider = provider(order)
        let referral = order.kind == .referral
        let priority = order.isStat ? " · STAT" : order.priority.map { " · priority \($0)" } ?? ""
        var lines = [
            "\(referral ? "Referral" : "Order") \(order.id): \(order.test) for \(order.patient) (MRN \(order.mrn)) · \(order.progress)",
            line(referral ? "Referral id" : "Placer", order.placerNumber + (order.fillerNumber.map { " · filler \($0)" } ?? "")),
            line(referral ? "Reason" : "Test", "\(order.serviceCode) \(order.serviceText)" + priority),
            line(referral ? "Referred by" : "Ordered by", provider.isEmpty ? "(not named)" : provider),
        ]
        if let referredTo = order.referredTo { lines.append(line("Referred to", referredTo)) }
        lines.append(line("From", order.sender.display))
        lines.append(line("Timeline", order.turnaround(time: Timestamp.iso)))
        // A referral's answer is its consult note.
        let answer = referral ? "Note" : "Result"
        if let task = order.resultTaskID {
            lines.append(line(answer, (referral ? "consult note, task \(task)" : "task \(task)")
                + (order.closedAt.map { " · closed \(Timestamp.iso($0))" } ?? " · open")))
        } else if order.state == .ordered {
            lines.append(line(answer, "none yet, \(AgeText.short(now.timeIntervalSince(order.orderedAt))) after the \(referral ? "referral" : "order")"))
            let window = turnaround.expectedBy(order).timeIntervalSince(order.orderedAt)
            lines.append(line("Expected by", expected(order, turnaround: turnaround, at: now)
                + " ([turnaround] \(AgeText.short(window)))"))
        }
        if let task = order.missingTaskID {
            lines.append(line("Missing", "task \(task): \(referral ? "consult note" : "result") not received in time"))
        }
        return lines
    }
}
