import CareQueueCore
import Foundation

/// The review list's replay confirmation (its resolve note is `DialogView.noteDialog`).
enum ReviewDialogView {
    /// What a replay does, then "y/n": it may make tasks, so it is asked before anything is written.
    static func replayConfirm(_ target: ReviewTarget, on grid: inout CellGrid) {
        let width = min(68, grid.width - 4)
        let text = TextWrap.lines("Runs intake again on its stored bytes under today's configuration and roster. "
                                  + "If it passes now, it becomes tasks and this message is resolved as replayed; "
                                  + "if not, it stays here and the reason is shown.", width: width - 4)
        let inside = DialogView.frame(GridSize(width: width, height: text.count + 6),
                                      title: "Replay message \(target.messageID)?", on: &grid)
        var y = inside.y
        grid.put(" " + target.label, x: inside.x, y: y, width: inside.width, role: .dialog, alignment: .left)
        y += 2
        for line in text {
            grid.put(" " + line, x: inside.x, y: y, width: inside.width, role: .dialog, alignment: .left)
            y += 1
        }
        y += 1
        grid.put(" y: replay   n: cancel", x: inside.x, y: y, width: inside.width, role: .dialogTitle, alignment: .left)
    }
}
