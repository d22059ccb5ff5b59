import CareQueueCore
import Foundation

/// Orders and referrals for the awaiting counts, each its own placer number, with their result
/// (or cancellation) where one came: ingest `Fixture.awaitingItems` in order.
extension Fixture {
    public static let ehr = SenderID(application: "EHR", facility: "CLINIC")
    /// Potassium's own time under `awaitingTurnaround`.
    public static let potassiumCode = "2823-3"
    public static let offRoster = npi("999999999")

    /// default 7 d, stat 2 h, referral 30 d, potassium 4 h.
    public static var awaitingTurnaround: CareQueueConfig.Turnaround {
        var turnaround = CareQueueConfig.Turnaround()
        turnaround.tests = [potassiumCode: 4 * 3600]
        return turnaround
    }

    /// A configuration with `awaitingTurnaround`: each order stores its expected time by it.
    public static var awaitingConfig: CareQueueConfig {
        var config = CareQueueConfig()
        config.turnaround = awaitingTurnaround
        return config
    }

    /// One order message of one item.
    public static func orderItem(_ control: String, placer: String, service: String = "BMP", provider: String? = drA,
                                 ago: TimeInterval, priority: String? = nil, action: OrderItem.Action = .create,
                                 kind: OrderMessage.Kind = .order) -> IngestItem {
        let item = OrderItem(action: action, control: action == .create ? "NW" : "CA", placerNumber: placer,
                             serviceCode: service, serviceText: service == potassiumCode ? "Potassium" : "Basic metabolic panel",
                             orderingProvider: provider.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .orc12) },
                             priority: priority, orderedAt: start.addingTimeInterval(-ago))
        let message = OrderMessage(kind: kind, sender: ehr, controlID: control, version: "2.5.1",
                                   type: kind == .order ? "ORM^O01" : "REF^I12", patient: patient(), items: [item])
        return IngestItem(raw: Array("MSH|^~\\&|EHR|CLINIC|||||ORM^O01|\(control)|P|2.5.1\r".utf8), peer: "127.0.0.1:40001",
                          sender: ehr, controlID: control, receivedAt: start, content: .order(message))
    }

    /// Nine orders as of `start`: Dr A's late potassium (exactly at its expected time), one a second
    /// short of it, a late stat, a cancelled one, a final one, a preliminary one; Dr B's late
    /// referral; one naming no provider; one from a provider off the roster.
    public static var awaitingItems: [IngestItem] {
        [
            orderItem("A", placer: "PA", service: potassiumCode, ago: 4 * 3600),
            orderItem("B", placer: "PB", service: potassiumCode, ago: 4 * 3600 - 1),
            orderItem("C", placer: "PC", ago: 2 * 3600, priority: "S"),
            orderItem("D", placer: "PD", ago: 8 * 86_400),
            orderItem("D2", placer: "PD", ago: 8 * 86_400, action: .cancel),
            orderItem("E", placer: "PE", ago: 8 * 86_400),
            result("E2", order(filler: "FE", placer: "PE", service: "BMP", status: "F", observations: [potassium()])),
            orderItem("F", placer: "PF", ago: 8 * 86_400),
            result("F2", order(filler: "FF", placer: "PF", service: "BMP", status: "P", observations: [potassium()])),
            orderItem("G", placer: "RG", service: "CARD", provider: drB, ago: 30 * 86_400, kind: .referral),
            orderItem("H", placer: "PH", provider: nil, ago: 86_400),
            orderItem("I", placer: "PI", provider: offRoster, ago: 86_400),
        ]
    }
}
