/// A numeric lab analyte the simulator reports: LOINC code, units, reference range, panic limits
/// and how its values spread.
///
/// Limits are kept in whole steps of the reported precision (`decimals`), so a value, its text and
/// its flag can never disagree through floating-point rounding.
public struct SimulatedAnalyte: Sendable, Equatable {
    /// OBX-3 identifier (LOINC) and text.
    public let code: String
    public let text: String
    /// OBX-6 as written (before escaping, e.g. `10^3/uL`).
    public let units: String
    /// OBX-7 as written: "136-145", "<200" or ">39".
    public let range: String
    /// Digits after the decimal point in OBX-5.
    public let decimals: Int

    // In steps of 10^-decimals. A nil reference bound means no flag in that direction; a nil panic
    // bound means no panic value in that direction.
    let low: Int?
    let high: Int?
    let panicLow: Int?
    let panicHigh: Int?
    /// The plausible extremes of real results, the outer edge of every zone.
    let floor: Int
    let ceiling: Int
    /// Of abnormal and critical results, the share that are high.
    let highShare: Double
    /// How often this analyte is the one that is off in an abnormal or critical panel.
    let offWeight: Double
    /// Set when the value follows another analyte of the panel (hematocrit from hemoglobin).
    let derivation: Derivation?

    /// A value that tracks `source`: about `factor` times it, give or take `spread`.
    struct Derivation: Sendable, Equatable {
        let source: String
        let factor: Double
        let spread: Double
    }

    init(_ code: String, _ text: String, units: String, range: String, decimals: Int,
         low: Double?, high: Double?, panicLow: Double? = nil, panicHigh: Double? = nil,
         plausible: ClosedRange<Double>, highShare: Double, offWeight: Double = 1, derivation: Derivation? = nil) {
        let scale = Self.scale(decimals)
        func steps(_ value: Double) -> Int { Int((value * Double(scale)).rounded()) }
        self.code = code
        self.text = text
        self.units = units
        self.range = range
        self.decimals = decimals
        self.low = low.map(steps)
        self.high = high.map(steps)
        self.panicLow = panicLow.map(steps)
        self.panicHigh = panicHigh.map(steps)
        self.floor = steps(plausible.lowerBound)
        self.ceiling = steps(plausible.upperBound)
        self.highShare = highShare
        self.offWeight = derivation == nil ? offWeight : 0
        self.derivation = derivation
    }

    /// Lowest value still inside the reference range (nil when the range has no lower bound).
    public var referenceLow: Double? { low.map(value) }
    /// Highest value still inside the reference range (nil when the range has no upper bound).
    public var referenceHigh: Double? { high.map(value) }
    /// At or below this the result is a panic value (LL).
    public var criticalLow: Double? { panicLow.map(value) }
    /// At or above this the result is a panic value (HH).
    public var criticalHigh: Double? { panicHigh.map(value) }

    /// The OBX-8 flag for a value of `steps` steps; `normalFlag` ("" or "N") when inside the range.
    func flag(steps: Int, normalFlag: String) -> String {
        if let panicHigh, steps >= panicHigh { return "HH" }
        if let high, steps > high { return "H" }
        if let panicLow, steps <= panicLow { return "LL" }
        if let low, steps < low { return "L" }
        return normalFlag
    }

    /// OBX-5 text for `steps` steps: "4.2", "0.03", "140".
    func formatted(steps: Int) -> String {
        let scale = Self.scale(decimals)
        let magnitude = abs(steps)
        let whole = String(magnitude / scale)
        let sign = steps < 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(magnitude % scale)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private func value(_ steps: Int) -> Double { Double(steps) / Double(Self.scale(decimals)) }

    private static func scale(_ decimals: Int) -> Int {
        (0..<decimals).reduce(1) { product, _ in product * 10 }
    }
}
