import CareQueueCore
import Foundation

/// The outbox as a header item: the summary's own words, then shorter forms for a narrow line.
enum OutboxHeaderText {
    /// Longest first, each saying the most urgent thing the longer one said ("EHR unreachable",
    /// then how many failed); empty when the outbox has nothing to say.
    static func forms(_ summary: OutboxSummary, at now: Date) -> [String] {
        guard let full = summary.headerText(at: now) else { return [] }
        var forms = [full]
        let failed = summary.failed > 0 ? ", \(summary.failed) failed" : ""
        if let since = summary.unreachableSince {
            let silence = AgeText.compact(max(0, now.timeIntervalSince(since)))
            forms += ["⇢ EHR unreachable \(silence)\(failed)", "⇢ EHR down \(silence)\(failed)", "⇢ EHR down \(silence)"]
        } else if summary.waiting > 0 {
            forms.append("⇢ \(summary.waiting) waiting\(failed)")
            if summary.failed > 0 { forms.append("⇢ \(summary.failed) failed") }
        }
        var seen = Set<String>()
        return forms.filter { seen.insert($0).inserted }
    }

    /// True when someone should look: the EHR does not answer, or it refused a message.
    static func needsAttention(_ summary: OutboxSummary) -> Bool {
        summary.unreachableSince != nil || summary.failed > 0
    }
}
