/// What is drawn instead of the dashboard when the terminal is smaller than it needs.
public enum TooSmallScreen {
    /// A grid of `size` saying the terminal is too small and what it needs, centred.
    public static func render(size: GridSize, minimum: GridSize) -> CellGrid {
        var grid = CellGrid(size: size)
        guard size.width > 0, size.height > 0 else { return grid }
        let lines = [
            "Terminal too small",
            "\(size.width)×\(size.height), need \(minimum.width)×\(minimum.height)",
            "Enlarge the window",
        ]
        let shown = Array(lines.prefix(size.height))
        let top = (size.height - shown.count) / 2
        for (offset, line) in shown.enumerated() {
            grid.put(line, x: 0, y: top + offset, width: size.width,
                     role: offset == 0 ? .error : .message, alignment: .center)
        }
        return grid
    }
}
