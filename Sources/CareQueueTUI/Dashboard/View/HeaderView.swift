import CareQueueCore
import Foundation

/// The top line: clinic, listener state from its heartbeat, messages today, time since the last
/// message, the review-list count, the outbox to the EHR and the local clock.
enum HeaderView {
    static func draw(_ state: DashboardState, in area: Rect, on grid: inout CellGrid) {
        guard area.height > 0 else { return }
        grid.fill(area, role: .header)
        let items = facts(state)
        let shown = fitted(items, width: area.width - min(ScreenText.width(state.settings.clinicName) + 3, area.width / 3))
        var right = Segments()
        for (index, item) in items.enumerated() {
            guard let text = shown[index] else { continue }
            right.add(" ", .header)
            right.add(text, item.role)
            right.add(" ", .header)
        }
        let rightX = area.maxX - right.width
        grid.put(" \(state.settings.clinicName)", x: area.x, y: area.y, role: .header, maxWidth: max(0, rightX - area.x - 1))
        right.draw(on: &grid, x: rightX, y: area.y, limit: area.maxX)
    }

    struct Fact {
        /// The words, longest first: a shorter form is shown when the longer does not fit.
        var forms: [String]
        var role: StyleRole
        /// Lower stays longer when the line is short of room.
        var priority: Int

        init(text: String, role: StyleRole, priority: Int) {
            self.init(forms: [text], role: role, priority: priority)
        }

        init(forms: [String], role: StyleRole, priority: Int) {
            self.forms = forms
            self.role = role
            self.priority = priority
        }
    }

    /// The form of each fact that is shown, by index: most important first (the clock, then the feed,
    /// then the review count, then the rest), each in its longest form that still fits in `width`.
    static func fitted(_ items: [Fact], width: Int) -> [Int: String] {
        var shown: [Int: String] = [:]
        var used = 0
        for index in items.indices.sorted(by: { items[$0].priority < items[$1].priority }) {
            guard let form = items[index].forms.first(where: { used + ScreenText.width($0) + 2 <= width }) else { continue }
            shown[index] = form
            used += ScreenText.width(form) + 2
        }
        return shown
    }

    static func facts(_ state: DashboardState) -> [Fact] {
        let now = state.now
        var facts: [Fact] = []
        if let beat = state.overview.heartbeat {
            switch beat.state(at: now, staleAfter: state.settings.heartbeatStaleAfter) {
            case .running, .neverStarted:
                facts.append(Fact(text: "● up \(beat.address)", role: .header, priority: 1))
            case .stale(let since):
                facts.append(Fact(text: "○ STALE \(beat.address) \(AgeText.compact(now.timeIntervalSince(since)))",
                                  role: .headerWarning, priority: 1))
            case .stopped(let at):
                // A clean shutdown, said at once: nobody listens, and nobody should wait for it to go stale.
                let time = TaskText.timeOfDay(at, timeZone: state.settings.timeZone)
                facts.append(Fact(forms: ["○ STOPPED \(beat.address) at \(time)", "○ STOPPED at \(time)"],
                                  role: .headerWarning, priority: 1))
            }
            facts.append(Fact(text: "\(beat.messagesToday) today", role: .header, priority: 6))
            let last = beat.lastMessageAt.map { "last \(AgeText.compact(max(0, now.timeIntervalSince($0)))) ago" } ?? "no messages yet"
            facts.append(Fact(text: last, role: .header, priority: 4))
        } else {
            facts.append(Fact(text: "○ no listener has run", role: .headerWarning, priority: 1))
        }
        if let silence = state.feedSilence {
            facts.append(Fact(text: "⚠ FEED SILENT \(AgeText.compact(silence))", role: .headerWarning, priority: 0))
        }
        if state.settings.kiosk {
            facts.append(Fact(text: "kiosk", role: .header, priority: 7))
        } else if state.settings.readOnly {
            facts.append(Fact(text: "read-only", role: .header, priority: 7))
        }
        let review = state.overview.reviewCount
        facts.append(Fact(text: "review \(review)", role: review > 0 ? .review : .header, priority: 2))
        let outbox = state.overview.outbox
        let forms = OutboxHeaderText.forms(outbox, at: now)
        if !forms.isEmpty {
            // An EHR that does not answer or refused a message comes before the feed's details; a
            // queue merely waiting out its undo window is routine and gives way first.
            let attention = OutboxHeaderText.needsAttention(outbox)
            facts.append(Fact(forms: forms, role: attention ? .headerWarning : .header, priority: attention ? 3 : 5))
        }
        facts.append(Fact(text: TaskText.clock(now, timeZone: state.settings.timeZone), role: .header, priority: 0))
        return facts
    }
}
