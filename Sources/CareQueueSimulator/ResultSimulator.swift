import CareQueueCore
import Foundation
import HL7

/// A reproducible stream of realistic ORU^R01 messages for `carequeue simulate` and `carequeue demo`;
/// with an `OrderFlow`, also the orders (ORM^O01, OML^O21) and referrals (REF^I12) before them.
///
/// Each order is planned for a tier first (about 75 % routine, 20 % abnormal, 5 % critical) and its
/// values are drawn to fit, so flags always agree with values and ranges. Orders name roster
/// providers except a small deliberate share for the Unassigned queue; some are reported
/// preliminary and, a few messages later, final under the same filler number.
public struct ResultSimulator: Sendable {
    /// Share of new orders planned for each tier.
    static let tierShares: [(tier: Urgency, share: Double)] = [(.routine, 0.75), (.abnormal, 0.20), (.critical, 0.05)]
    /// Share of messages that report a second order for the same patient.
    static let secondOrderShare = 0.15
    /// Messages an order waits, at least, between its preliminary and final reports.
    static let followUpDelay = 4
    /// Chance, per message, of sending a due final report.
    static let followUpChance = 0.3
    /// Preliminary orders remembered; the oldest is finalised at once when full.
    static let memory = 16

    /// What one message reports: orders for one patient from one facility.
    typealias Batch = (facilityIndex: Int, patientIndex: Int, orders: [OrderDraft])

    struct Pending: Sendable {
        var order: OrderDraft
        var facilityIndex: Int
        var patientIndex: Int
        var sentAtMessage: Int
    }

    var random: SplitMix64
    let segments: MessageSegments
    let writer: ORUWriter
    let facilities: [SendingFacility]
    let tests: [OrderableTest]
    let providers: ProviderPicker
    /// Eight hex digits from the seed, in every control and order number, so separate runs
    /// (seeded from the time) never reuse an MSH-10 or a filler number.
    let runTag: String
    var messageCount = 0
    var orderCount = 0
    var pending: [Pending] = []
    /// Orders before results; nil sends results alone (the same bytes as before orders existed).
    let orderFlow: OrderFlow?
    /// Orders sent and awaiting their result message, and referrals sent so far.
    var placed: [PlacedOrder] = []
    var referralCount = 0

    /// A simulator sending as `facilities` (each needs at least one section) to the receiving
    /// application and facility, with ordering providers from `roster` (physician, NP and PA roles)
    /// and timestamps written in `timeZone`; with `orders`, orders and referrals come first.
    public init(roster: [Provider], seed: UInt64, facilities: [SendingFacility] = SendingFacility.standard,
                receivingApplication: String = "CAREQUEUE", receivingFacility: String = "CLINIC",
                timeZone: TimeZone = .current, orders: OrderFlow? = nil) {
        precondition(!facilities.isEmpty, "the simulator needs at least one sending facility")
        random = SplitMix64(seed: seed)
        segments = MessageSegments(receivingApplication: receivingApplication, receivingFacility: receivingFacility,
                                   timeZone: timeZone)
        writer = ORUWriter(segments: segments)
        orderFlow = orders
        self.facilities = facilities
        tests = OrderableTest.catalogue.filter { test in facilities.contains { $0.sections.contains(test.section) } }
        precondition(!tests.isEmpty, "no sending facility reports any department the simulator knows")
        providers = ProviderPicker(roster: roster)
        var tagSource = SplitMix64(seed: seed ^ 0x7A67_5EED)
        runTag = ZeroPadding.padded(String(String(tagSource.next(), radix: 16, uppercase: true).suffix(8)), to: 8)
    }

    /// The next message, stamped `instant` (MSH-7, report times; collection a little before).
    public mutating func next(at instant: Date) -> SimulatedMessage {
        messageCount += 1
        let controlID = "\(runTag)-\(ZeroPadding.padded(messageCount, to: 6))"
        if let orderFlow { return nextWithOrders(orderFlow, controlID: controlID, at: instant) }
        return resultMessage(takeFollowUp() ?? newResults(at: instant), controlID: controlID, at: instant)
    }

    /// An ORU^R01 reporting `batch`.
    func resultMessage(_ batch: Batch, controlID: String, at instant: Date) -> SimulatedMessage {
        let facility = facilities[batch.facilityIndex]
        let patient = SimulatedPatients.pool[batch.patientIndex]
        let written = writer.message(controlID: controlID, at: instant, from: facility, patient: patient,
                                     orders: batch.orders)
        return SimulatedMessage(bytes: written.bytes, controlID: controlID,
                                sender: SenderID(application: facility.application, facility: facility.facility),
                                patient: patient.patient, orders: written.orders)
    }

    /// New orders reported now; a preliminary one is remembered for its final report.
    private mutating func newResults(at instant: Date) -> Batch {
        let planned = newOrders(at: instant)
        rememberFinals(planned.finals, of: planned.batch)
        return planned.batch
    }

    /// Final reports to send a few messages after this one's preliminaries.
    mutating func rememberFinals(_ finals: [OrderDraft], of batch: Batch) {
        for final in finals {
            pending.append(Pending(order: final, facilityIndex: batch.facilityIndex, patientIndex: batch.patientIndex,
                                   sentAtMessage: messageCount))
        }
    }

    /// The final report of a remembered preliminary order, when one is due.
    mutating func takeFollowUp() -> Batch? {
        guard let oldest = pending.first else { return nil }
        let due = messageCount - oldest.sentAtMessage >= Self.followUpDelay
        guard pending.count >= Self.memory || (due && random.chance(Self.followUpChance)) else { return nil }
        pending.removeFirst()
        return (oldest.facilityIndex, oldest.patientIndex, [oldest.order])
    }

    /// One or two new orders for one patient from one facility, as first reported, and the final
    /// reports of those first reported preliminary.
    mutating func newOrders(at instant: Date) -> (batch: Batch, finals: [OrderDraft]) {
        let tier = rollTier(among: tests)
        let test = pickTest(for: tier, from: tests)
        let facilityIndex = pickFacility(for: test.section)
        let patientIndex = random.below(SimulatedPatients.pool.count)
        let provider = providers.plan(patientIndex: patientIndex, using: &random)
        let first = newOrder(test, tier: tier, provider: provider, at: instant, facility: facilities[facilityIndex])
        var orders = [first.draft]
        var finals = first.final.map { [$0] } ?? []
        if random.chance(Self.secondOrderShare) {
            let secondTier = rollTier(among: tests)
            let facility = facilities[facilityIndex]
            let others = tests.filter { $0.code != test.code && facility.sections.contains($0.section) && $0.supports(secondTier) }
            if !others.isEmpty {
                let second = pickTest(for: secondTier, from: others)
                let secondProvider = random.chance(0.8) ? provider : providers.plan(patientIndex: patientIndex, using: &random)
                let next = newOrder(second, tier: secondTier, provider: secondProvider, at: instant, facility: facility)
                orders.append(next.draft)
                finals += next.final.map { [$0] } ?? []
            }
        }
        return ((facilityIndex, patientIndex, orders), finals)
    }

    /// A new order, reported final at once or preliminary first (with its final report to follow).
    private mutating func newOrder(_ test: OrderableTest, tier: Urgency, provider: ProviderPlan,
                                   at instant: Date, facility: SendingFacility) -> (draft: OrderDraft, final: OrderDraft?) {
        orderCount += 1
        let number = ZeroPadding.padded(orderCount, to: 6)
        let preliminaryFirst = random.chance(test.preliminaryShare)
        let reports = test.reports(tier: tier, preliminaryFirst: preliminaryFirst, normalFlag: facility.normalFlag,
                                   using: &random)
        // Collected 20 minutes to 6 hours before the report, on a whole minute.
        let collectedAt = Date(timeIntervalSince1970: ((instant.timeIntervalSince1970 / 60).rounded(.down)
            - Double(random.integer(in: 20...360))) * 60)
        var notes: [String] = []
        if let note = test.orderNote, random.chance(0.5) { notes.append(note) }
        var draft = OrderDraft(test: test, placer: "P\(runTag)\(number)", filler: "F\(runTag)\(number)",
                               provider: provider, priority: random.chance(test.statShare) ? "S" : "R",
                               collectedAt: collectedAt, status: "F", observations: reports.final.observations,
                               urgency: reports.final.tier, notes: notes, isFollowUp: false)
        guard let preliminary = reports.preliminary else { return (draft, nil) }
        var final = draft
        final.isFollowUp = true
        draft.status = "P"
        draft.observations = preliminary.observations
        draft.urgency = preliminary.tier
        return (draft, final)
    }

    /// A planned tier, lowered to abnormal when no test in `candidates` can be critical.
    private mutating func rollTier(among candidates: [OrderableTest]) -> Urgency {
        let tier = Self.tierShares[random.weightedIndex(Self.tierShares.map(\.share))].tier
        return candidates.contains { $0.supports(tier) } ? tier : .abnormal
    }

    /// A test that can be reported in `tier` (some candidate can), by order frequency.
    private mutating func pickTest(for tier: Urgency, from candidates: [OrderableTest]) -> OrderableTest {
        let eligible = candidates.filter { $0.supports(tier) }
        return eligible[random.weightedIndex(eligible.map(\.weight))]
    }

    private mutating func pickFacility(for section: LabSection) -> Int {
        let weights = facilities.map { $0.sections.contains(section) ? max($0.weight, 0.000_001) : 0 }
        return random.weightedIndex(weights)
    }
}
