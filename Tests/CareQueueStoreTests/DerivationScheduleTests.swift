import Dispatch
import Testing
@testable import CareQueueStore

/// When the writer stores and when it derives: the policy alone, on made-up instants.
@Suite("The derivation schedule")
struct DerivationScheduleTests {
    static let t0 = DispatchTime(uptimeNanoseconds: 1_000_000_000)

    static func at(_ milliseconds: Double) -> DispatchTime {
        DispatchTime(uptimeNanoseconds: t0.uptimeNanoseconds + UInt64(milliseconds * 1_000_000))
    }

    static func situation(now: Double, queued: Bool = false, backlog: Int = 0, oldest: Double? = nil, lastStored: Double = 0,
                          waits: Bool = false, closed: Bool = false, retryAt: Double = 0, gaveUp: Bool = false,
                          maxBacklog: Int = 100) -> DerivationSchedule.Situation {
        DerivationSchedule.Situation(now: at(now), messagesQueued: queued, closed: closed, backlog: backlog, maxBacklog: maxBacklog,
                                     oldestWaiting: oldest.map(at), lastStored: at(lastStored), someoneWaits: waits,
                                     retryAt: at(retryAt), gaveUp: gaveUp)
    }

    @Test("messages waiting for their ACK are stored before any backlog is derived")
    func acksFirst() {
        #expect(DerivationSchedule.next(Self.situation(now: 5, queued: true, backlog: 50, oldest: 1, lastStored: 1)) == .store)
    }

    @Test("a small backlog waits for a pause in the traffic, then is derived")
    func pause() {
        #expect(DerivationSchedule.next(Self.situation(now: 1.2, backlog: 3, oldest: 1, lastStored: 1)) == .wait(until: Self.at(1.5)))
        #expect(DerivationSchedule.next(Self.situation(now: 1.5, backlog: 3, oldest: 1, lastStored: 1)) == .derive)
    }

    @Test("a message waiting 100 ms is derived even while messages keep coming")
    func visibleWithin() {
        #expect(DerivationSchedule.next(Self.situation(now: 100.9, queued: true, backlog: 90, oldest: 1, lastStored: 100.8)) == .store)
        var overdue = Self.situation(now: 101, queued: true, backlog: 90, oldest: 1, lastStored: 100.9)
        #expect(DerivationSchedule.next(overdue) == .derive)
        #expect(DerivationSchedule.chunkTime(overdue) == .milliseconds(1), "short: the senders keep sending")
        // Still overdue after that chunk: the queued messages get their turn before the next one.
        overdue.justDerived = true
        #expect(DerivationSchedule.next(overdue) == .store)
    }

    @Test("at max_backlog the writer derives, and the queued messages wait (backpressure)")
    func backpressure() {
        let full = Self.situation(now: 2, queued: true, backlog: 100, oldest: 1.9, lastStored: 1.95)
        #expect(DerivationSchedule.next(full) == .derive)
        #expect(DerivationSchedule.chunkTime(full) == .microseconds(2_500), "long: the backlog must shrink")
    }

    @Test("a failing database is retried after its pause, and messages still wait at the bound")
    func retry() {
        let failing = Self.situation(now: 2, queued: true, backlog: 100, oldest: 1, lastStored: 1, retryAt: 50)
        #expect(DerivationSchedule.next(failing) == .wait(until: Self.at(50)))
        var later = failing
        later.now = Self.at(50)
        #expect(DerivationSchedule.next(later) == .derive)
    }

    @Test("a drain or a large message's ACK is served without waiting for a pause")
    func waiters() {
        #expect(DerivationSchedule.next(Self.situation(now: 1.1, backlog: 1, oldest: 1, lastStored: 1, waits: true)) == .derive)
    }

    @Test("closing: the backlog is derived first, then the thread stops; giving up stops at once")
    func closing() {
        #expect(DerivationSchedule.next(Self.situation(now: 1.1, backlog: 5, oldest: 1, lastStored: 1, closed: true)) == .derive)
        #expect(DerivationSchedule.next(Self.situation(now: 1.1, closed: true)) == .stop)
        #expect(DerivationSchedule.next(Self.situation(now: 1.1, backlog: 5, oldest: 1, lastStored: 1, closed: true, gaveUp: true)) == .stop)
    }

    @Test("nothing to do: sleep until a message comes")
    func idle() {
        #expect(DerivationSchedule.next(Self.situation(now: 3)) == .wait(until: .distantFuture))
    }

    @Test("a chunk's time grows with the backlog, between 1.5 and 25 ms")
    func chunkTime() {
        #expect(DerivationSchedule.chunkTime(backlog: 1) == .microseconds(1_510))
        #expect(DerivationSchedule.chunkTime(backlog: 500) == .microseconds(6_500))
        #expect(DerivationSchedule.chunkTime(backlog: 20_000) == .milliseconds(25))
    }
}
