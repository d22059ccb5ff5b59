/// Helpers for statements that carry many rows or ids at once: on PostgreSQL every statement costs
/// a round trip, so a list goes in as few statements as the bind limit (65,535 values) allows.
enum SQLPlaceholders {
    /// "?, ?, …" for `count` values.
    static func list(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements, in order (none for an empty array).
    func batches(of size: Int) -> [ArraySlice<Element>] {
        precondition(size > 0, "a batch holds at least one element")
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
