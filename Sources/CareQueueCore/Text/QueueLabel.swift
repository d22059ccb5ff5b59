import Foundation

/// How a queue or provider is named in text output, the same in `tasks list`, `tasks show` and
/// `report`: "Chen, Ada (NPI 1234567893)", "NPI 1234567893 (not on the roster)", "Unassigned".
public enum QueueLabel {
    /// The queue of `npi` (nil is the Unassigned queue), named from the roster's `names`.
    public static func queue(_ npi: String?, names: [String: String]) -> String {
        queue(npi, rosterName: npi.flatMap { names[$0] })
    }

    /// The queue of `npi` whose roster name is `rosterName` (nil: not on the roster).
    public static func queue(_ npi: String?, rosterName: String?) -> String {
        guard let npi else { return "Unassigned" }
        return rosterName.map { "\($0) (NPI \(npi))" } ?? "NPI \(npi) (not on the roster)"
    }

    /// Provider `npi` by roster name and NPI; an NPI no longer on the roster says so.
    public static func provider(_ npi: String, names: [String: String]) -> String {
        queue(npi, names: names)
    }
}
