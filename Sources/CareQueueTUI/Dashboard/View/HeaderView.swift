import CareQueueCore
import Foundation

/// The top line: clinic, listener state from its heartbeat, messages today, time since the last
/// message, the review-list count and the local clock.
enum HeaderView {
    static func draw(_ state: DashboardState, in area: Rect, on grid: inout CellGrid) {
        guard area.height > 0 else { return }
        grid.fill(area, role: .header)
        let items = facts(state)
        // Most important first: the clock, then the feed, then the review count, then the rest.
        var shown = Set<Int>()
        var used = 0
        let available = area.width - min(ScreenText.width(state.settings.clinicName) + 3, area.width / 3)
        for index in items.indices.sorted(by: { items[$0].priority < items[$1].priority }) {
            let cost = ScreenText.width(items[index].text) + 2
            if used + cost <= available {
                shown.insert(index)
                used += cost
            }
        }
        var right = Segments()
        for (index, item) in items.enumerated() where shown.contains(index) {
            right.add(" ", .header)
            right.add(item.text, item.role)
            right.add(" ", .header)
        }
        let rightX = area.maxX - right.width
        grid.put(" \(state.settings.clinicName)", x: area.x, y: area.y, role: .header, maxWidth: max(0, rightX - area.x - 1))
        right.draw(on: &grid, x: rightX, y: area.y, limit: area.maxX)
    }

    struct Fact {
        var text: String
        var role: StyleRole
        /// Lower stays longer when the line is short of room.
        var priority: Int
    }

    static func facts(_ state: DashboardState) -> [Fact] {
        let now = state.now
        var facts: [Fact] = []
        if let beat = state.overview.heartbeat {
            let silence = now.timeIntervalSince(beat.beatAt)
            if silence > state.settings.heartbeatStaleAfter {
                facts.append(Fact(text: "○ STALE \(beat.address) \(AgeText.compact(silence))", role: .headerWarning, priority: 1))
            } else {
                facts.append(Fact(text: "● up \(beat.address)", role: .header, priority: 1))
            }
            facts.append(Fact(text: "\(beat.messagesToday) today", role: .header, priority: 4))
            let last = beat.lastMessageAt.map { "last \(AgeText.compact(max(0, now.timeIntervalSince($0)))) ago" } ?? "no messages yet"
            facts.append(Fact(text: last, role: .header, priority: 3))
        } else {
            facts.append(Fact(text: "○ no listener has run", role: .headerWarning, priority: 1))
        }
        if let silence = state.feedSilence {
            facts.append(Fact(text: "⚠ FEED SILENT \(AgeText.compact(silence))", role: .headerWarning, priority: 0))
        }
        if state.settings.kiosk {
            facts.append(Fact(text: "kiosk", role: .header, priority: 5))
        } else if state.settings.readOnly {
            facts.append(Fact(text: "read-only", role: .header, priority: 5))
        }
        let review = state.overview.reviewCount
        facts.append(Fact(text: "review \(review)", role: review > 0 ? .review : .header, priority: 2))
        facts.append(Fact(text: TaskText.clock(now, timeZone: state.settings.timeZone), role: .header, priority: 0))
        return facts
    }
}
