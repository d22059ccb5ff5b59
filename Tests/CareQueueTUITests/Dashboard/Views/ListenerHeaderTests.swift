import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

/// The header's listener fact from the heartbeat: up, stale, or stopped cleanly.
@Suite("The listener in the dashboard header")
struct ListenerHeaderTests {
    static let wide = GridSize(width: 120, height: 40)
    static let narrow = GridSize(width: 80, height: 24)

    /// The fixture's dashboard with its heartbeat changed by `change`.
    static func header(size: GridSize, _ change: (inout Heartbeat) -> Void) -> String {
        var state = DashboardFixture.state(size: size)
        change(&state.overview.heartbeat!)
        return DashboardView.render(state, size: size).text(row: 0)
    }

    @Test("a fresh beat is up; one older than 10 s is stale; a clean stop says STOPPED at its time at once")
    func states() {
        let now = DashboardFixture.now
        #expect(Self.header(size: Self.wide) { _ in }.contains("● up 127.0.0.1:2575"))
        let stale = Self.header(size: Self.wide) { $0.beatAt = now.addingTimeInterval(-11) }
        #expect(stale.contains("○ STALE 127.0.0.1:2575 11s"), "\(stale)")
        // Stopped a second ago: no waiting for the beat to go stale.
        let stopped = Self.header(size: Self.wide) { beat in
            beat.beatAt = now.addingTimeInterval(-1)
            beat.stoppedAt = now.addingTimeInterval(-65)
        }
        #expect(stopped.contains("○ STOPPED 127.0.0.1:2575 at 14:04"), "\(stopped)")
        #expect(!stopped.contains("● up"))
    }

    @Test("at 80 columns a stopped listener still shows, without its address if need be")
    func stoppedNarrow() {
        let header = Self.header(size: Self.narrow) { $0.stoppedAt = DashboardFixture.now.addingTimeInterval(-65) }
        #expect(header.contains("○ STOPPED"), "\(header)")
        #expect(header.contains("14:05:09"), "the clock stays")
    }
}
