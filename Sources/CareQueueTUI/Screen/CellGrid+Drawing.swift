/// Where text sits in a wider span.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}

/// The characters boxes and separators are drawn with. The backend maps them to the terminal's
/// line-drawing set (ACS) when the locale cannot show Unicode.
public enum BoxGlyph {
    public static let horizontal: Character = "─"
    public static let vertical: Character = "│"
    public static let topLeft: Character = "┌"
    public static let topRight: Character = "┐"
    public static let bottomLeft: Character = "└"
    public static let bottomRight: Character = "┘"
    public static let teeRight: Character = "├"
    public static let teeLeft: Character = "┤"
    public static let teeDown: Character = "┬"
    public static let teeUp: Character = "┴"
    public static let cross: Character = "┼"
}

extension CellGrid {
    /// Writes `text` into `span` cells from `x`, aligned; cut with an ellipsis when too long.
    /// The rest of the span is filled with spaces in `role`. Returns the column after the span.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, width span: Int, role: StyleRole,
                             alignment: Alignment, ellipsis: Bool = true) -> Int {
        guard span > 0 else { return x }
        fill(Rect(x: x, y: y, width: span, height: 1), role: role)
        let textWidth = min(ScreenText.width(text), span)
        let offset: Int
        switch alignment {
        case .left: offset = 0
        case .right: offset = span - textWidth
        case .center: offset = (span - textWidth) / 2
        }
        put(text, x: x + offset, y: y, role: role, maxWidth: span - offset, ellipsis: ellipsis)
        return x + span
    }

    /// Writes one row of a table: each value in its column span, aligned and clipped to it.
    /// The gaps between columns take `role` too, so a highlighted row has no holes.
    public mutating func put(row values: [String], in columns: [ColumnSpan], y: Int, role: StyleRole) {
        if let first = columns.first, let last = columns.last {
            fill(Rect(x: first.x, y: y, width: last.x + last.width - first.x, height: 1), role: role)
        }
        for (value, column) in zip(values, columns) {
            put(value, x: column.x, y: y, width: column.width, role: column.role ?? role,
                alignment: column.alignment)
        }
    }

    /// A horizontal line of `width` cells from (`x`, `y`).
    public mutating func horizontalLine(x: Int, y: Int, width: Int, role: StyleRole) {
        fill(Rect(x: x, y: y, width: width, height: 1), role: role, with: BoxGlyph.horizontal)
    }

    /// A vertical line of `height` cells from (`x`, `y`).
    public mutating func verticalLine(x: Int, y: Int, height: Int, role: StyleRole) {
        fill(Rect(x: x, y: y, width: 1, height: height), role: role, with: BoxGlyph.vertical)
    }

    /// A frame around the edge of `rect`, with an optional title in the top edge
    /// (`┌─ Title ──┐`). Returns the area inside the frame.
    @discardableResult
    public mutating func box(_ rect: Rect, role: StyleRole, title: String? = nil,
                             titleRole: StyleRole = .title) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else {
            fill(rect, role: role)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        horizontalLine(x: rect.x + 1, y: rect.y, width: rect.width - 2, role: role)
        horizontalLine(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, role: role)
        verticalLine(x: rect.x, y: rect.y + 1, height: rect.height - 2, role: role)
        verticalLine(x: rect.maxX - 1, y: rect.y + 1, height: rect.height - 2, role: role)
        fill(Rect(x: rect.x, y: rect.y, width: 1, height: 1), role: role, with: BoxGlyph.topLeft)
        fill(Rect(x: rect.maxX - 1, y: rect.y, width: 1, height: 1), role: role, with: BoxGlyph.topRight)
        fill(Rect(x: rect.x, y: rect.maxY - 1, width: 1, height: 1), role: role, with: BoxGlyph.bottomLeft)
        fill(Rect(x: rect.maxX - 1, y: rect.maxY - 1, width: 1, height: 1), role: role, with: BoxGlyph.bottomRight)
        if let title, !title.isEmpty, rect.width >= 6 {
            put(" \(title) ", x: rect.x + 2, y: rect.y, role: titleRole, maxWidth: rect.width - 4)
        }
        return rect.inset(by: 1)
    }

    /// A separator across a box at row `y`, joined to the box's sides (`├────┤`).
    public mutating func separator(across rect: Rect, y: Int, role: StyleRole) {
        guard rect.width >= 2 else { return }
        horizontalLine(x: rect.x + 1, y: y, width: rect.width - 2, role: role)
        fill(Rect(x: rect.x, y: y, width: 1, height: 1), role: role, with: BoxGlyph.teeRight)
        fill(Rect(x: rect.maxX - 1, y: y, width: 1, height: 1), role: role, with: BoxGlyph.teeLeft)
    }
}
