import Foundation

/// Human renderings of spans of time, for rows, tickers and `tasks show`.
public enum AgeText {
    /// "45 s", "12 min", "1 h 05 min", "2 d 4 h" — for sentences like "level 1 in 12 min".
    public static func short(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        switch s {
        case ..<60: return "\(s) s"
        case ..<3600: return "\(s / 60) min"
        case ..<86_400:
            let m = s % 3600 / 60
            return m == 0 ? "\(s / 3600) h" : String(format: "%d h %02d min", s / 3600, m)
        default:
            let h = s % 86_400 / 3600
            return h == 0 ? "\(s / 86_400) d" : "\(s / 86_400) d \(h) h"
        }
    }

    /// "45s", "12m", "2h14", "3d02" — at most five characters, for table columns. Negative spans get "-".
    public static func compact(_ seconds: TimeInterval) -> String {
        let sign = seconds < 0 ? "-" : ""
        let s = Int(abs(seconds).rounded(.down))
        switch s {
        case ..<60: return "\(sign)\(s)s"
        case ..<3600: return "\(sign)\(s / 60)m"
        case ..<86_400: return sign + String(format: "%dh%02d", s / 3600, s % 3600 / 60)
        default: return sign + String(format: "%dd%02d", s / 86_400, s % 86_400 / 3600)
        }
    }
}
