import CareQueueCore
import Foundation

/// The locked screen: the header (clinic, listener and feed state, clock: nothing about a patient),
/// a box saying why it locked with the unlock field, and the lock's keys. Nothing behind it is drawn.
enum LockScreenView {
    static func draw(_ state: DashboardState, lock: ScreenLock, size: GridSize) -> CellGrid {
        var grid = CellGrid(size: size)
        let layout = DashboardLayout(size: size)
        HeaderView.draw(state, in: layout.header, on: &grid)
        let zone = state.settings.timeZone
        let idle = state.settings.idleLock.map { " after \(DurationText.format($0)) without a key" } ?? ""
        let lines: [(String, StyleRole)] = [
            (TaskText.clock(state.now, timeZone: zone), .dialogTitle),
            ("", .dialog),
            ("Locked at \(TaskText.timeOfDay(lock.since, timeZone: zone))\(idle).", .dialog),
            // The account is not named: a passer-by should not be able to read what unlocks it.
            ("Type this session's account name, then Enter.", .dialog),
        ]
        let body = Rect(x: 0, y: layout.header.maxY, width: size.width, height: layout.hints.y - layout.header.maxY)
        let box = body.centered(GridSize(width: min(64, size.width - 4), height: lines.count + 7))
        grid.fill(box, role: .dialog)
        let inside = grid.box(box, role: .dialogBorder, title: "\(state.settings.clinicName) · locked",
                              titleRole: .dialogTitle)
        for (offset, line) in lines.enumerated() {
            grid.put(line.0, x: inside.x, y: inside.y + offset, width: inside.width, role: line.1, alignment: .center)
        }
        var y = inside.y + lines.count + 1
        // Dots, one a character typed: the name is not shown back to whoever stands behind.
        DialogView.field(String(repeating: "•", count: lock.typed.count), y: y, inside: inside, on: &grid)
        y += 1
        if let problem = lock.problem {
            grid.put(problem, x: inside.x, y: y, width: inside.width, role: .error, alignment: .center)
        }
        y += 2
        grid.put("Results and escalations keep being recorded while locked.", x: inside.x, y: y, width: inside.width,
                 role: .dialog, alignment: .center)
        HintLineView.draw(state, in: layout.hints, on: &grid)
        return grid
    }
}
