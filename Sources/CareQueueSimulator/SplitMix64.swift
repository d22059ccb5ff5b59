/// A small seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// The simulator draws every number from one of these, through the helpers below rather than the
/// standard library's `random(in:using:)`, whose algorithms may change between Swift releases: the
/// same seed must give the same messages on every toolchain.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole output is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// A uniform double in [0, 1) from the top 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0..<count (count > 0), by multiply-high.
    mutating func below(_ count: Int) -> Int {
        precondition(count > 0, "below(_:) needs a positive count")
        return Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// A uniform integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty array, uniformly.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// An index into `weights`, each chosen in proportion to its weight (weights ≥ 0, sum > 0).
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weightedIndex(_:) needs a positive total weight")
        var remaining = unit() * total
        for (index, weight) in weights.enumerated() where weight > 0 {
            remaining -= weight
            if remaining < 0 { return index }
        }
        // Rounding can leave a sliver past the last bucket.
        return weights.lastIndex { $0 > 0 }!
    }
}
