import Foundation

/// How a task's working state reads in its detail view and in `tasks show`: one set of words for both.
public enum WorkStateText {
    /// "kim · 2m ago · 3m left": who is working on the task, since when (the row's `kim · 2m`) and how
    /// long until the claim lapses; nil once it lapsed (a lapsed claim is no claim).
    public static func claim(_ claim: TaskClaim, at now: Date) -> String? {
        guard claim.isActive(at: now) else { return nil }
        return "\(claim.by) · \(AgeText.compact(now.timeIntervalSince(claim.at))) ago · "
            + "\(AgeText.compact(claim.until.timeIntervalSince(now))) left"
    }

    /// "callback 2026-03-02 09:00", "… (due)" once its time came; `shown` is the time as the caller writes times.
    public static func callback(_ callbackAt: Date, shown: String, at now: Date) -> String {
        "callback \(shown)\(callbackAt <= now ? " (due)" : "")"
    }

    /// "prefers portal".
    public static func preference(_ preference: ContactPreference) -> String {
        "prefers \(preference.rawValue)"
    }

    /// "✓ signed by Chen, Ada at 14:02 · “call, repeat in 1 week”", "✎ waiting for Chen, Ada's
    /// sign-off: no patient contact until then"; nil when the gate does not apply and nobody signed.
    /// `time` writes an instant as the caller writes times.
    public static func signoff(_ state: SignoffState, time: (Date) -> String) -> String? {
        if let signed = state.signed {
            let note = signed.note.isEmpty ? "" : " · “\(signed.note)”"
            return "✓ signed by \(signed.providerName) at \(time(signed.at))\(note)"
        }
        return state.isWaiting ? "✎ waiting for \(state.awaited)'s sign-off: no patient contact until then" : nil
    }
}
