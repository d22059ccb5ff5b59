import CareQueueCore
import CareQueueTUI
import Foundation

/// Outbox states for the header, ticker and detail tests, on task 42 of `DashboardFixture`.
enum OutboxFixture {
    static let now = DashboardFixture.now

    static func minutesAgo(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    /// A row of task 42 (Müller, Anna · Potassium) for `event`, as the store would hand it over.
    static func entry(_ id: Int64, _ event: OutboundEvent.Kind, _ status: OutboxEntry.Status, createdAt: Date,
                      attempts: Int = 1) -> OutboxEntry {
        OutboxEntry(id: id, taskID: 42, event: event, controlID: "CQ\(id)", messageType: "MDM^T02", status: status,
                    createdAt: createdAt, deliverableAt: createdAt.addingTimeInterval(10), attempts: attempts,
                    nextAttemptAt: createdAt.addingTimeInterval(10), patient: "Müller, Anna", test: "Potassium")
    }

    /// Delivered at 13:50:12 with AA.
    static let delivered: OutboxEntry = {
        var row = entry(11, .attempt, .delivered, createdAt: minutesAgo(15))
        row.ackCode = "AA"
        row.finishedAt = row.deliverableAt.addingTimeInterval(2)
        return row
    }()

    /// Refused with AE two minutes ago.
    static let refused: OutboxEntry = {
        var row = entry(12, .close, .failed, createdAt: minutesAgo(2.5))
        row.ackCode = "AE"
        row.lastError = "AE: unknown patient"
        row.finishedAt = minutesAgo(2)
        return row
    }()

    /// Written just now, still inside the undo window.
    static let held = entry(13, .reopen, .waiting, createdAt: now.addingTimeInterval(-4), attempts: 0)

    /// Sent five times since the EHR stopped answering five minutes ago.
    static let unreachable: OutboxEntry = {
        var row = entry(14, .close, .waiting, createdAt: minutesAgo(6), attempts: 5)
        row.firstFailureAt = minutesAgo(5)
        row.lastError = "connection refused"
        return row
    }()

    /// The EHR silent for five minutes with three messages waiting, and one refusal.
    static let alarming = OutboxSummary(waiting: 3, oldestWaitingAt: minutesAgo(6), unreachableSince: minutesAgo(5),
                                        failed: 1, recentFailures: [refused])

    /// Closures waiting out their undo window, nothing wrong.
    static let routine = OutboxSummary(waiting: 3, oldestWaitingAt: minutesAgo(2))

    /// `DashboardFixture`'s overview with `outbox`.
    static func overview(_ outbox: OutboxSummary) -> DashboardOverview {
        var overview = DashboardFixture.overview
        overview.outbox = outbox
        return overview
    }

    /// The queue view with `outbox` in the overview.
    static func state(_ outbox: OutboxSummary, size: GridSize) -> DashboardState {
        var state = DashboardFixture.state(size: size)
        _ = Dashboard.update(&state, .overviewLoaded(overview(outbox)))
        return state
    }

    /// Task 42's detail with `rows`.
    static func detailState(_ rows: [OutboxEntry], size: GridSize) -> DashboardState {
        var state = DashboardFixture.state(size: size, cursor: 0)
        _ = DashboardFixture.press([.enter], on: &state)
        var detail = try! DashboardFixture.data().taskDetail(id: 42)!
        detail.outbox = rows
        _ = Dashboard.update(&state, .detailLoaded(taskID: 42, detail))
        return state
    }
}
