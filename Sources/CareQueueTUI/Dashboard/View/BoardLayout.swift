/// Where the board's parts go inside its frame: the totals band on top, the queue table, the shift
/// trend at the bottom. Pure, so paging (a model concern) and drawing agree on rows per page.
struct BoardLayout: Equatable {
    /// Inside the board's frame.
    let inside: Rect
    /// The totals: one number per cell, labels under them.
    let totals: Rect
    /// Rows of the big digits (1: plain text).
    let digitHeight: Int
    /// The column titles, then one line per queue.
    let table: Rect
    /// Two lines: results received and tasks closed per hour.
    let trend: Rect

    init(size: GridSize) {
        let layout = DashboardLayout(size: size)
        let frame = Rect(x: layout.providerPanel.x, y: layout.providerPanel.y,
                         width: layout.providerPanel.width + layout.mainPanel.width, height: layout.providerPanel.height)
        inside = frame.inset(by: 1)
        // Five-row digits on a screen tall and wide enough for five of them; three on 80×24.
        digitHeight = inside.height >= 30 && inside.width >= 110 ? 5 : inside.height >= 14 ? 3 : 1
        let band = digitHeight + 2  // digits, a label line, a blank line
        totals = Rect(x: inside.x, y: inside.y, width: inside.width, height: min(band - 1, inside.height))
        let trendHeight = inside.height - band >= 4 ? 2 : 0
        trend = Rect(x: inside.x, y: inside.maxY - trendHeight, width: inside.width, height: trendHeight)
        let tableTop = inside.y + min(band, inside.height)
        table = Rect(x: inside.x, y: tableTop, width: inside.width,
                     height: max(0, trend.y - tableTop - (trendHeight > 0 ? 1 : 0)))
    }

    /// Queue lines per page, under the column titles.
    var rowsPerPage: Int { max(1, table.height - 1) }

    /// Pages `count` queues take.
    func pages(_ count: Int) -> Int { max(1, (count + rowsPerPage - 1) / rowsPerPage) }
}
