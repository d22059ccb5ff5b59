import Foundation

/// Critical results acknowledged within the configured critical window: the practice's headline
/// figure, for `report` and the board.
///
/// A critical task is *within* when the first action that stopped its clock (acknowledge, a call
/// attempt or a close; not a reassignment, and not one later undone) came before the critical
/// window ended, counted from its arrival — or from the update that made it critical. It is *late*
/// when that action came at or after the window's end, or when the window ended with none. Until
/// then it is undecided; a result the lab cancelled while still in time is not counted.
public enum CriticalAcknowledgement {
    public enum Verdict: Sendable, Equatable {
        case within, late, undecided, notCounted
    }

    /// Within and decided (within + late) over `histories` of critical tasks, as of `end`.
    public static func counts(_ histories: [ResultHandling], window: TimeInterval, at end: Date) -> (within: Int, decided: Int) {
        var within = 0
        var decided = 0
        for history in histories {
            switch history.criticalAcknowledgement(window: window, at: end) {
            case .within:
                within += 1
                decided += 1
            case .late: decided += 1
            case .undecided, .notCounted: break
            }
        }
        return (within, decided)
    }
}
