/// How a cell is shown when the locale is not UTF-8: box drawing through the terminal's
/// line-drawing set, printable ASCII as is, anything else as `?` (per cell, so columns hold).
enum LegacyGlyph: Equatable {
    case line(Line)
    case text(String)

    enum Line: Equatable {
        case horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight
        case teeRight, teeLeft, teeDown, teeUp, cross
    }

    static func glyph(for text: String) -> LegacyGlyph {
        switch text {
        case String(BoxGlyph.horizontal): return .line(.horizontal)
        case String(BoxGlyph.vertical): return .line(.vertical)
        case String(BoxGlyph.topLeft): return .line(.topLeft)
        case String(BoxGlyph.topRight): return .line(.topRight)
        case String(BoxGlyph.bottomLeft): return .line(.bottomLeft)
        case String(BoxGlyph.bottomRight): return .line(.bottomRight)
        case String(BoxGlyph.teeRight): return .line(.teeRight)
        case String(BoxGlyph.teeLeft): return .line(.teeLeft)
        case String(BoxGlyph.teeDown): return .line(.teeDown)
        case String(BoxGlyph.teeUp): return .line(.teeUp)
        case String(BoxGlyph.cross): return .line(.cross)
        default:
            let ascii = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            return .text(ascii ? text : "?")
        }
    }
}
