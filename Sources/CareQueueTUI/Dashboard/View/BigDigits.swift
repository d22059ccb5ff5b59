/// Numbers drawn large with block characters, to be read across a room: five rows high on a tall
/// wide screen, three on a smaller one, one (plain text) when nothing larger fits.
enum BigDigits {
    /// The font `height` rows high; nil for plain text.
    private static func font(_ height: Int) -> [Character: [String]]? {
        switch height {
        case 5: return five
        case 3: return three
        default: return nil
        }
    }

    /// `text` (digits, `%`, `-`) as `height` lines; nil when the font lacks a character.
    static func lines(_ text: String, height: Int) -> [String]? {
        guard let font = font(height) else { return [text] }
        var lines = Array(repeating: "", count: height)
        for (index, character) in text.enumerated() {
            guard let glyph = font[character] else { return nil }
            for row in 0..<height { lines[row] += (index > 0 ? " " : "") + glyph[row] }
        }
        return lines
    }

    /// The tallest rendering of `text` no higher than `height` and no wider than `width` (plain
    /// text when no font fits).
    static func fitted(_ text: String, height: Int, width: Int) -> [String] {
        for size in [5, 3] where size <= height {
            if let lines = lines(text, height: size), ScreenText.width(lines[0]) <= width { return lines }
        }
        return [text]
    }

    private static let three: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"], "%": ["▀ █", " █ ", "█ ▄"], "-": ["   ", "▀▀▀", "   "],
    ]

    private static let five: [Character: [String]] = [
        "0": ["█████", "█   █", "█   █", "█   █", "█████"], "1": ["  █  ", " ██  ", "  █  ", "  █  ", " ███ "],
        "2": ["█████", "    █", "█████", "█    ", "█████"], "3": ["█████", "    █", " ████", "    █", "█████"],
        "4": ["█   █", "█   █", "█████", "    █", "    █"], "5": ["█████", "█    ", "█████", "    █", "█████"],
        "6": ["█████", "█    ", "█████", "█   █", "█████"], "7": ["█████", "    █", "   █ ", "  █  ", "  █  "],
        "8": ["█████", "█   █", "█████", "█   █", "█████"], "9": ["█████", "█   █", "█████", "    █", "█████"],
        "%": ["██  █", "██ █ ", "  █  ", " █ ██", "█  ██"], "-": ["     ", "     ", "█████", "     ", "     "],
    ]
}

/// A series as one line of bar characters, scaled to its largest value; zero is a blank.
enum Sparkline {
    private static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ values: [Int]) -> String {
        let peak = values.max() ?? 0
        return String(values.map { value in
            guard value > 0, peak > 0 else { return " " }
            return bars[min(bars.count - 1, (value * bars.count - 1) / peak)]
        })
    }
}
