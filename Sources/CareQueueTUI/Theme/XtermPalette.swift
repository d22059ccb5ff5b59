/// The xterm 256-colour palette: 16 ANSI colours (xterm's defaults), a 6×6×6 cube, 24 greys.
public enum XtermPalette {
    /// xterm's default RGB for the 16 ANSI colours.
    public static let ansi: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The six levels of each axis of the colour cube (indices 16–231).
    public static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// RGB of palette entry `index` (0–255).
    public static func rgb(ofIndex index: Int) -> RGB {
        switch index {
        case ..<16:
            return ansi[max(0, index)]
        case 16..<232:
            let offset = index - 16
            return RGB(cubeLevels[offset / 36], cubeLevels[(offset / 6) % 6], cubeLevels[offset % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return RGB(level, level, level)
        }
    }

    /// The index in 16–255 nearest to `color`. The first 16 are left out: terminals recolour them.
    public static func nearestExtendedIndex(to color: RGB) -> Int {
        // The nearest cube entry per axis, then the nearest grey; keep the closer of the two.
        let cube = [color.red, color.green, color.blue].map { component in
            cubeLevels.indices.min { abs(cubeLevels[$0] - component) < abs(cubeLevels[$1] - component) }!
        }
        let cubeIndex = 16 + 36 * cube[0] + 6 * cube[1] + cube[2]
        let average = (color.red + color.green + color.blue) / 3
        let greyStep = max(0, min(23, (average - 8 + 5) / 10))
        let greyIndex = 232 + greyStep
        let cubeDistance = color.distanceSquared(to: rgb(ofIndex: cubeIndex))
        let greyDistance = color.distanceSquared(to: rgb(ofIndex: greyIndex))
        return greyDistance < cubeDistance ? greyIndex : cubeIndex
    }

    /// The index among the first `count` ANSI colours (8 or 16) nearest to `color`.
    ///
    /// A grey only considers the achromatic entries (black, white, bright black, bright white):
    /// by distance alone a mid grey is nearer cyan than white among the 8 basic colours.
    public static func nearestANSIIndex(to color: RGB, among count: Int) -> Int {
        let spread = max(color.red, color.green, color.blue) - min(color.red, color.green, color.blue)
        let candidates = spread <= greySpread
            ? [0, 7, 8, 15].filter { $0 < count }
            : Array(0..<min(count, 16))
        return candidates.min { color.distanceSquared(to: ansi[$0]) < color.distanceSquared(to: ansi[$1]) }!
    }

    /// Largest channel spread still treated as grey.
    static let greySpread = 16
}
