@testable import CareQueueServer
import Logging
import NIOCore
import Synchronization
import Testing
import TestSupport

@Suite("Connection caps and the buffer budget, without a socket")
struct AdmissionAndBudgetTests {
    @Test("max_connections and max_connections_per_peer refuse the one too many, and closing makes room")
    func admission() {
        let admission = ConnectionAdmission(maxConnections: 3, maxPerPeer: 2)
        #expect(admission.admit(peer: "10.0.0.1") == nil)
        #expect(admission.admit(peer: "10.0.0.1") == nil)
        #expect(admission.admit(peer: "10.0.0.1") == .tooManyFromPeer(limit: 2))
        #expect(admission.admit(peer: "10.0.0.2") == nil)
        #expect(admission.admit(peer: "10.0.0.3") == .tooManyInAll(limit: 3))
        admission.release(peer: "10.0.0.1")
        #expect(admission.admit(peer: "10.0.0.3") == nil)
        #expect(admission.openConnections == 3)
    }

    @Test("a share that does not fit waits in line; releases serve the line in order")
    func budgetLine() {
        let budget = BufferBudget(capacity: 100)
        let served = Mutex<[String]>([])
        #expect(budget.reserve(60) { served.withLock { $0.append("first") } } == .granted)
        #expect(budget.reserve(60) { served.withLock { $0.append("second") } } == .queued(ticket: 1))
        // A small share does not jump the line: the second is older.
        #expect(budget.reserve(10) { served.withLock { $0.append("third") } } == .queued(ticket: 2))
        #expect(budget.availableBytes == 40)

        budget.release(60)
        #expect(served.withLock { $0 } == ["second", "third"])
        #expect(budget.availableBytes == 30)
        #expect(budget.waiting == 0)
    }

    @Test("a connection that leaves the line gives its place up; a share is never larger than the budget")
    func budgetCancel() {
        let budget = BufferBudget(capacity: 50)
        #expect(budget.reserve(500) {} == .granted, "clamped to the whole budget")
        guard case .queued(let ticket) = budget.reserve(10, whenGranted: {}) else {
            Issue.record("expected to wait")
            return
        }
        #expect(budget.cancel(ticket: ticket))
        #expect(!budget.cancel(ticket: ticket))
        budget.release(50)
        #expect(budget.availableBytes == 50)
    }

    @Test("refused connections log one line each, at most ten a second, counting the ones held back")
    func refusalLogThrottle() {
        let capture = LogCapture()
        let log = ConnectionRefusalLog(logger: capture.logger(level: .info))
        let start = NIODeadline.uptimeNanoseconds(5_000_000_000)
        for index in 0..<25 {
            log.refused(peer: "10.0.0.9:\(4000 + index)", because: .tooManyInAll(limit: 64),
                        now: start + .milliseconds(Int64(index)))
        }
        #expect(capture.all.count == 10)
        log.refused(peer: "10.0.0.9:5000", because: .tooManyFromPeer(limit: 16), now: start + .seconds(2))
        let last = capture.all.last?.text ?? ""
        #expect(capture.all.count == 11)
        #expect(last.contains("connection from 10.0.0.9:5000 closed at once"))
        #expect(last.contains("[listener] max_connections_per_peer"))
        #expect(last.contains("(15 more refused and not logged)"))
    }
}
