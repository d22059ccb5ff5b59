/// Where each part of the dashboard goes on a screen of `size`; shared by `render` and by
/// `update` (which needs to know how many rows a page holds).
///
/// ```
/// header ─────────────────────────────────────────────
/// ┌ Queues ──────┐┌ Dr Chen · 12 open ────────────────┐
/// │ provider list││ column titles                     │
/// │              ││ rows, most urgent first            │
/// └──────────────┘└───────────────────────────────────┘
/// status line (message, or the selected task's facts)
/// escalation ticker
/// key hints
/// ```
public struct DashboardLayout: Equatable, Sendable {
    /// The smallest screen the dashboard draws itself on; below it, "terminal too small".
    public static let minimumSize = GridSize(width: 80, height: 24)

    public let size: GridSize
    public let header: Rect
    public let providerPanel: Rect
    public let mainPanel: Rect
    public let status: Rect
    public let ticker: Rect
    public let hints: Rect

    public init(size: GridSize) {
        self.size = size
        let screen = Rect(size)
        let (top, rest) = screen.splitTop(1)
        let (body, bottom) = rest.splitBottom(3)
        header = top
        status = Rect(x: 0, y: bottom.y, width: bottom.width, height: min(1, bottom.height))
        ticker = Rect(x: 0, y: bottom.y + 1, width: bottom.width, height: bottom.height >= 2 ? 1 : 0)
        hints = Rect(x: 0, y: bottom.y + 2, width: bottom.width, height: bottom.height >= 3 ? 1 : 0)
        // Wide enough for "Unassigned" and three counts; a quarter of a wide screen.
        let panelWidth = min(max(size.width / 4, 27), 34)
        (providerPanel, mainPanel) = body.splitLeft(panelWidth)
    }

    /// Inside the main panel's frame.
    public var mainInside: Rect { mainPanel.inset(by: 1) }

    /// Inside the provider panel's frame.
    public var providerInside: Rect { providerPanel.inset(by: 1) }

    /// Queue rows that fit under the column titles.
    public var queueRowCount: Int { max(0, mainInside.height - 1) }

    /// Provider lines that fit under the column titles.
    public var providerRowCount: Int { max(0, providerInside.height - 1) }
}
