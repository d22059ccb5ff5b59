/// How wide a table column wants to be.
public enum ColumnWidth: Sendable, Hashable {
    /// Exactly this many cells (less only when the screen cannot hold the fixed columns).
    case fixed(Int)
    /// At least `min` cells plus a share of the leftover space proportional to `weight`.
    case flexible(min: Int, weight: Int)
}

/// One column of a table: its width rule, alignment and an optional role of its own.
public struct Column: Sendable, Hashable {
    public var width: ColumnWidth
    public var alignment: Alignment
    public var role: StyleRole?

    public init(_ width: ColumnWidth, alignment: Alignment = .left, role: StyleRole? = nil) {
        self.width = width
        self.alignment = alignment
        self.role = role
    }
}

/// Where a column landed on screen.
public struct ColumnSpan: Sendable, Hashable {
    public var x: Int
    public var width: Int
    public var alignment: Alignment
    public var role: StyleRole?

    public init(x: Int, width: Int, alignment: Alignment = .left, role: StyleRole? = nil) {
        self.x = x
        self.width = width
        self.alignment = alignment
        self.role = role
    }
}

/// Lays table columns out across a width: fixed columns first, flexible ones share the rest.
public enum ColumnLayout {
    /// The spans of `columns` across `width` cells from `x`, `gap` cells apart.
    ///
    /// When even the minimums do not fit, columns are shrunk from the last one leftwards, so the
    /// first columns (the most important, by convention) stay readable; a column may reach 0.
    public static func spans(for columns: [Column], x: Int = 0, width: Int, gap: Int = 1) -> [ColumnSpan] {
        guard !columns.isEmpty else { return [] }
        let usable = max(0, width - gap * (columns.count - 1))
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let cells): return max(0, cells)
            case .flexible(let minimum, _): return max(0, minimum)
            }
        }
        var spare = usable - widths.reduce(0, +)
        if spare > 0 {
            let weights = columns.map { column -> Int in
                if case .flexible(_, let weight) = column.width { return max(0, weight) }
                return 0
            }
            let totalWeight = weights.reduce(0, +)
            if totalWeight > 0 {
                var handedOut = 0
                for index in widths.indices where weights[index] > 0 {
                    let share = spare * weights[index] / totalWeight
                    widths[index] += share
                    handedOut += share
                }
                // Rounding leftovers go to the last flexible column so the row fills exactly.
                if let last = weights.lastIndex(where: { $0 > 0 }) { widths[last] += spare - handedOut }
                spare = 0
            }
        }
        var overflow = -spare
        for index in widths.indices.reversed() where overflow > 0 {
            let cut = min(widths[index], overflow)
            widths[index] -= cut
            overflow -= cut
        }
        var spans: [ColumnSpan] = []
        var cursor = x
        for (column, cells) in zip(columns, widths) {
            spans.append(ColumnSpan(x: cursor, width: cells, alignment: column.alignment, role: column.role))
            cursor += cells + gap
        }
        return spans
    }
}
