/// `render(state, size) -> CellGrid`: the whole dashboard as a screen model, pure.
public enum DashboardView {
    /// The screen for `state` on a terminal of `size`; "terminal too small" below 80×24.
    public static func render(_ state: DashboardState, size: GridSize) -> CellGrid {
        var grid = screen(state, size: size)
        grid.bells = state.bells
        return grid
    }

    private static func screen(_ state: DashboardState, size: GridSize) -> CellGrid {
        guard size.fits(DashboardLayout.minimumSize) else {
            return TooSmallScreen.render(size: size, minimum: DashboardLayout.minimumSize)
        }
        if let lock = state.lock { return LockScreenView.draw(state, lock: lock, size: size) }
        var grid = CellGrid(size: size)
        let layout = DashboardLayout(size: size)
        HeaderView.draw(state, in: layout.header, on: &grid)
        if case .board = state.screen {} else { ProviderListView.draw(state, layout: layout, on: &grid) }
        switch state.screen {
        case .queue:
            QueueView.draw(state, layout: layout, on: &grid)
        case .detail(let id, let detail, let scroll):
            DetailView.draw(state, taskID: id, detail: detail, scroll: scroll, in: layout.mainPanel, on: &grid)
        case .board(let cursor):
            BoardView.draw(state, cursor: cursor, layout: layout, on: &grid)
        case .review(let cursor):
            ReviewListView.draw(state, cursor: cursor, layout: layout, on: &grid)
        case .rawMessage(let id, let lines, let scroll, _):
            RawMessageView.draw(state, id: id, lines: lines, scroll: scroll, layout: layout, on: &grid)
        case .awaiting:
            AwaitingView.draw(state, layout: layout, on: &grid)
        }
        StatusLineView.draw(state, in: layout.status, on: &grid)
        TickerView.draw(state, in: layout.ticker, on: &grid)
        HintLineView.draw(state, in: layout.hints, on: &grid)
        if let dialog = state.dialog { DialogView.draw(dialog, state: state, on: &grid) }
        if let picker = state.worklist?.picker { WorklistView.drawPicker(state, cursor: picker, on: &grid) }
        if state.showsHelp { HelpView.draw(scroll: state.helpScroll, on: &grid) }
        return grid
    }
}

/// Text runs, each in its own role, written left to right.
struct Segments {
    var parts: [(text: String, role: StyleRole)] = []

    mutating func add(_ text: String, _ role: StyleRole) { parts.append((text, role)) }

    var width: Int { parts.reduce(0) { $0 + ScreenText.width($1.text) } }

    /// Writes the runs from `x` on row `y`, never past `limit`; returns the column after them.
    @discardableResult
    func draw(on grid: inout CellGrid, x: Int, y: Int, limit: Int) -> Int {
        var column = x
        for part in parts where column < limit {
            column = grid.put(part.text, x: column, y: y, role: part.role, maxWidth: limit - column)
        }
        return column
    }
}
