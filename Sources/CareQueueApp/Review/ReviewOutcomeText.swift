import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// What `review resolve` and `review replay` say, on the command line and on the dashboard's
/// message line alike: done, or why not (exit 1 on the command line). The network's words are
/// sanitised for the terminal.
public enum ReviewOutcomeText {
    public static func resolve(_ id: Int64, note: String, _ outcome: ReviewResolveOutcome) -> ReviewActionOutcome {
        switch outcome {
        case .resolved: return .done("message \(id) resolved: \(ScreenText.sanitize(note))")
        case let blocked: return .refused(self.blocked(id, blocked))
        }
    }

    public static func replay(_ id: Int64, _ outcome: ReviewReplayOutcome) -> ReviewActionOutcome {
        switch outcome {
        case .replayed(let messageID, let taskIDs):
            let tasks = taskIDs.isEmpty ? "no task (it tracks orders, or updated nothing)"
                : (taskIDs.count == 1 ? "task " : "tasks ") + taskIDs.map(String.init).joined(separator: ", ")
            return .done("message \(id) replayed as message \(messageID): \(tasks)")
        case .replayedWithoutTasks(let messageID, let reason):
            return .refused("message \(id) replayed as message \(messageID), but its tasks could not be made: "
                + "\(ScreenText.sanitize(reason)); message \(messageID) is on the review list")
        case .stillRefused(let refusal):
            return .refused("message \(id) is still refused (\(refusal.kind.rawValue) \(refusal.code.rawValue)"
                + (refusal.location.isEmpty ? "" : " at \(refusal.location)") + "): \(ScreenText.sanitize(refusal.reason)); "
                + "it stays on the review list")
        case .alreadyAccepted(let holder):
            return .refused("message \(id) not replayed: message \(holder) already holds its sender and control id "
                + "(the lab resent it?); see `review resolve \(id) --note …`")
        case .blocked(let blocked):
            return .refused(self.blocked(id, blocked))
        }
    }

    public static func notOnList(_ id: Int64) -> String {
        "message \(id) is not on the review list (see `review list --all`)"
    }

    public static func blocked(_ id: Int64, _ outcome: ReviewResolveOutcome) -> String {
        switch outcome {
        case .resolved, .notOnReviewList: return notOnList(id)
        case .alreadyResolved(let resolution):
            return "message \(id) was already resolved \(Timestamp.iso(resolution.at)) by \(resolution.by): "
                + ScreenText.sanitize(resolution.note)
        }
    }
}
