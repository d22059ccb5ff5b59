/// Something kept per stored message until derivation passes it: appended in id order, looked up
/// by id, dropped from the front once the mark moves past it.
struct StoredInOrder<Value> {
    /// A dropped entry's value is released at once (a parsed 16 MB report must not linger); the
    /// entries themselves are removed in bulk now and then, not one by one.
    private var entries: [(id: Int64, value: Value?)] = []
    /// Entries before this index are dropped.
    private var head = 0

    var count: Int { entries.count - head }
    var first: (id: Int64, value: Value)? { head < entries.count ? (entries[head].id, entries[head].value!) : nil }

    /// Keeps `value` for `id`, which must be larger than every id kept so far.
    mutating func append(_ id: Int64, _ value: Value) {
        entries.append((id, value))
    }

    /// The value kept for `id`, if any (binary search: the ids increase).
    func value(for id: Int64) -> Value? {
        var low = head
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].id == id ? entries[low].value : nil
    }

    /// Drops every entry with an id up to `id`, calling `body` with each value dropped.
    mutating func drop(through id: Int64, _ body: (Value) -> Void = { _ in }) {
        while head < entries.count, entries[head].id <= id {
            if let value = entries[head].value { body(value) }
            entries[head].value = nil
            head += 1
        }
        if head > 1_024, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
