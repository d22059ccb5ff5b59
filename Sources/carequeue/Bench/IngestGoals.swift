import Foundation

/// Issue 13's ingest goals and the arithmetic behind them: every figure is printed beside its
/// baseline from the same run and the ratio the goal asks for.
enum IngestGoals {
    /// 1 sender, FULL: at least this fraction of the serial limit.
    static let serialLimitFraction = 0.8

    /// CareQueue FULL over the python peer with the same senders: 5× with one, 10× with eight (and more).
    static func peerMultiple(senders: Int) -> Double { senders == 1 ? 5 : 10 }

    /// What one stop-and-wait sender could reach if the store added only a raw one-row commit to the
    /// round trip without persistence: 1 / (round trip + commit), in messages per second.
    static func serialLimit(offRoundTripMilliseconds: Double, rawCommitsPerSecond: Double) -> Double {
        guard offRoundTripMilliseconds >= 0, rawCommitsPerSecond > 0 else { return 0 }
        return 1 / (offRoundTripMilliseconds / 1000 + 1 / rawCommitsPerSecond)
    }

    /// `812 msg/s = 0.17× the serial limit 4,800 (goal ≥ 0.8×)`; the goal part only when there is one.
    static func compare(_ rate: Double, to baseline: Double, named name: String, goal: Double? = nil) -> String {
        var line = "\(grouped(rate)) msg/s = \(multiple(rate / baseline)) \(name) \(grouped(baseline))"
        if let goal {
            line += " (goal ≥ \(multiple(goal, digits: goal < 1 ? 1 : 0))\(rate / baseline >= goal ? ": met" : ""))"
        }
        return line
    }

    /// `4,800`: whole numbers with thousands separators, the same on every machine.
    static func grouped(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let digits = String(Int(value.rounded()).magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < -0.5 ? "-" : "") + out
    }

    /// `0.17×`, `1.6×`, `12×`: two significant digits, as far as they mean something in a noisy run.
    static func multiple(_ value: Double, digits: Int? = nil) -> String {
        guard value.isFinite else { return "–×" }
        let places = digits ?? (value < 1 ? 2 : value < 10 ? 1 : 0)
        return String(format: "%.\(places)f×", value)
    }
}
