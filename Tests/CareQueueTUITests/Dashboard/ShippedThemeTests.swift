import CareQueueTUI
import Foundation
import Testing

/// The light and colour-blind-safe themes keep their promises: complete, legible, never red against green.
@Suite("Shipped themes")
struct ShippedThemeTests {
    static let ageRoles: [StyleRole] = [.ageFresh, .ageHalfway, .ageDueSoon, .ageOverdue, .ageEscalated]

    /// WCAG relative luminance of an sRGB colour.
    static func luminance(_ rgb: RGB) -> Double {
        func channel(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(rgb.red) + 0.7152 * channel(rgb.green) + 0.0722 * channel(rgb.blue)
    }

    static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("the light and colour-blind themes set every role", arguments: ["light.theme", "colorblind.theme"])
    func complete(file: String) throws {
        let theme = try ThemeFileReader.load(file)
        #expect(Set(theme.roles.keys) == Set(StyleRole.known))
    }

    @Test("on a white terminal every light-theme foreground drawn on the terminal's background reads (4.5:1)")
    func lightThemeContrast() throws {
        let theme = try ThemeFileReader.load("light.theme")
        let white = RGB(255, 255, 255)
        for role in StyleRole.known {
            let style = theme.style(for: role)
            guard let foreground = style.foreground else { continue }
            let background = style.background?.rgb ?? white
            #expect(Self.contrast(foreground.rgb, background) >= 4.5, "\(role): \(style)")
        }
    }

    @Test("colour-blind theme: the five age steps differ in colour and the urgent ones also by attribute")
    func colorblindAgesDiffer() throws {
        let theme = try ThemeFileReader.load("colorblind.theme")
        let styles = Self.ageRoles.map { theme.style(for: $0) }
        #expect(Set(styles.compactMap(\.foreground)).count == styles.count)
        #expect(Set(styles).count == styles.count)
        for role in [StyleRole.ageDueSoon, .ageOverdue, .ageEscalated, .queueCritical] {
            #expect(!theme.style(for: role).attributes.isEmpty, "\(role) relies on colour alone")
        }
    }

    @Test("colour-blind theme uses no pure green and no pure red: Okabe–Ito hues only")
    func colorblindAvoidsRedGreen() throws {
        let theme = try ThemeFileReader.load("colorblind.theme")
        for role in StyleRole.known {
            let style = theme.style(for: role)
            for color in [style.foreground, style.background].compactMap({ $0 }) {
                let rgb = color.rgb
                let greenish = rgb.green > rgb.red + 60 && rgb.green > rgb.blue + 60
                let reddish = rgb.red > rgb.green + 120 && rgb.red > rgb.blue + 120 && rgb.green < 60
                #expect(!greenish && !reddish, "\(role) uses \(color)")
            }
        }
    }

    @Test("colour-blind theme: overdue and fresh stay apart on 16- and 8-colour terminals",
          arguments: [ColorDepth.ansi16, .ansi8])
    func colorblindDegrades(depth: ColorDepth) throws {
        let theme = try ThemeFileReader.load("colorblind.theme")
        let fresh = theme.style(for: .ageFresh).foreground?.degraded(to: depth)
        let overdue = theme.style(for: .ageOverdue).foreground?.degraded(to: depth)
        #expect(fresh != nil && overdue != nil)
        #expect(fresh?.index != overdue?.index)
    }
}
