import Foundation

/// The value a task is shown by in a row — the dashboard's queues and `tasks list` alike.
public struct ShownValue: Sendable, Equatable {
    /// "Glucose 559 HH", "Culture Positive", "": the observation named, its value and flags.
    public var named: String
    /// "559 HH": the value and flags alone, for a column too narrow to name it (the name when there is no value).
    public var bare: String
    /// "Glucose": the observation's name ("" when `bare` already holds it).
    public var name: String = ""
}

extension TaskListItem {
    /// The observation that set the tier, as tiering recorded it; for a task stored without that,
    /// the first with a panic flag, else the first with another abnormal flag, else the first.
    public var shownObservation: ObservationItem? {
        if let index = decidingObservation, observations.indices.contains(index) {
            return observations[index]
        }
        let flagged = Tiering.flaggedIndex(observations.map(\.flags))
        return flagged.map { observations[$0] } ?? observations.first
    }

    /// The shown observation's value, named and bare.
    /// The test as a table's column names it: a missing result's without "Result not received: "
    /// (its value column says "no result").
    public var columnTest: String {
        kind == .missingResult ? MissingResult.test(fromTitle: test) : test
    }

    public var shownValue: ShownValue {
        // A row with no value column to spare still says why the task is there.
        if kind == .missingResult { return ShownValue(named: "no result", bare: "no result") }
        guard let observation = shownObservation else { return ShownValue(named: "", bare: "") }
        let flags = observation.flags.filter { !$0.isEmpty }.joined(separator: ",")
        // Report text may start with significant spaces (TX); a table cell has no room for them.
        let value = observation.value.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = observation.text.isEmpty ? observation.code : observation.text
        let named = [name, value, flags].filter { !$0.isEmpty }.joined(separator: " ")
        guard !value.isEmpty else { return ShownValue(named: named, bare: named) }
        return ShownValue(named: named, bare: [value, flags].filter { !$0.isEmpty }.joined(separator: " "), name: name)
    }
}
