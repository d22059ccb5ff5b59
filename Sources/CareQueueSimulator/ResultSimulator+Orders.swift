import CareQueueCore
import Foundation
import HL7

extension ResultSimulator {
    /// A final report due, else the result of an order sent earlier, else new work: a referral, an
    /// order, or a result alone.
    mutating func nextWithOrders(_ flow: OrderFlow, controlID: String, at instant: Date) -> SimulatedMessage {
        if let followUp = takeFollowUp() { return resultMessage(followUp, controlID: controlID, at: instant) }
        if let due = takeDueResult() {
            rememberFinals(due.finals, of: due.batch)
            return resultMessage(due.batch, controlID: controlID, at: instant)
        }
        let roll = random.unit()
        if roll < flow.referralShare { return referral(controlID: controlID, at: instant) }
        let planned = newOrders(at: instant)
        guard roll < flow.referralShare + (1 - flow.referralShare) * flow.orderShare else {
            rememberFinals(planned.finals, of: planned.batch)
            return resultMessage(planned.batch, controlID: controlID, at: instant)
        }
        return order(planned, flow: flow, controlID: controlID, at: instant)
    }

    /// The order message for `planned`; its result is remembered for later unless it is never to come.
    private mutating func order(_ planned: (batch: Batch, finals: [OrderDraft]), flow: OrderFlow, controlID: String,
                                at instant: Date) -> SimulatedMessage {
        let neverResulted = random.chance(flow.neverResultedShare)
        let delay = random.integer(in: random.chance(flow.lateShare) ? OrderFlow.lateDelay : OrderFlow.resultDelay)
        if !neverResulted {
            // The specimen is taken when the order is placed: the result says so.
            var batch = planned.batch
            batch.orders = batch.orders.map { draft in
                var draft = draft
                draft.collectedAt = instant
                return draft
            }
            let finals = planned.finals.map { final in
                var final = final
                final.collectedAt = instant
                return final
            }
            placed.append(PlacedOrder(batch: batch, finals: finals, orderedAt: instant, dueAtMessage: messageCount + delay))
        }
        let patient = SimulatedPatients.pool[planned.batch.patientIndex]
        let facility = facilities[planned.batch.facilityIndex]
        let bytes = OrderWriter(segments: segments).message(controlID: controlID, at: instant, performedBy: facility,
                                                            patient: patient, orders: planned.batch.orders)
        let placements = planned.batch.orders.map { draft in
            SimulatedPlacement(kind: .order, placerNumber: draft.placer, serviceCode: draft.test.code,
                               serviceText: draft.test.text, priority: draft.priority, rosterNPI: draft.provider.rosterNPI,
                               willBeAnswered: !neverResulted)
        }
        return SimulatedMessage(bytes: bytes, controlID: controlID, sender: OrderWriter.sender, patient: patient.patient,
                                orders: [], kind: .order, placed: placements)
    }

    /// The result of the order due first, when one is due (or the oldest, when too many wait).
    private mutating func takeDueResult() -> PlacedOrder? {
        guard let index = placed.indices.min(by: { placed[$0].dueAtMessage < placed[$1].dueAtMessage }) else { return nil }
        guard placed[index].dueAtMessage <= messageCount || placed.count >= OrderFlow.memory else { return nil }
        return placed.remove(at: index)
    }

    /// A REF^I12 from a roster provider to an outside specialist; no consult note is simulated.
    private mutating func referral(controlID: String, at instant: Date) -> SimulatedMessage {
        referralCount += 1
        let patientIndex = random.below(SimulatedPatients.pool.count)
        let provider = providers.plan(patientIndex: patientIndex, using: &random)
        let reason = random.pick(ReferralWriter.reasons)
        let id = "R\(runTag)\(ZeroPadding.padded(referralCount, to: 5))"
        let patient = SimulatedPatients.pool[patientIndex]
        let bytes = ReferralWriter(segments: segments).message(controlID: controlID, at: instant, id: id, reason: reason,
                                                               referring: provider, patient: patient)
        let placement = SimulatedPlacement(kind: .referral, placerNumber: id, serviceCode: reason.code,
                                           serviceText: reason.text, priority: "R", rosterNPI: provider.rosterNPI,
                                           willBeAnswered: false)
        return SimulatedMessage(bytes: bytes, controlID: controlID, sender: OrderWriter.sender, patient: patient.patient,
                                orders: [], kind: .referral, placed: [placement])
    }
}
