import CareQueueCore
import CareQueueSimulator

/// When the kill loop SIGKILLs one listener incarnation, measured from that incarnation's start.
enum KillMoment: Sendable, Equatable {
    /// This long after the process was spawned, whether or not it listens yet (opening the
    /// database, WAL recovery, binding).
    case duringStartup(Duration)
    /// As soon as it says `listening on`, before the senders have reconnected.
    case rightAfterStart
    /// This long after it said `listening on`: while the senders reconnect and resend.
    case duringConnectionSetup(Duration)
    /// Once this many more messages got AA since it started: mid-stream, while other messages sit in
    /// a group commit and the sender that got the ACK is between two messages.
    case afterAcknowledgements(Int)
    /// This long after it said `listening on`: anywhere in the traffic.
    case afterDelay(Duration)

    /// The moment's kind, for counting in the summary.
    enum Kind: String, Sendable, CaseIterable {
        case duringStartup = "during startup"
        case rightAfterStart = "right after start"
        case duringConnectionSetup = "during connection setup"
        case afterAcknowledgements = "after ACKs (group commits)"
        case afterDelay = "after a delay"
    }

    var kind: Kind {
        switch self {
        case .duringStartup: .duringStartup
        case .rightAfterStart: .rightAfterStart
        case .duringConnectionSetup: .duringConnectionSetup
        case .afterAcknowledgements: .afterAcknowledgements
        case .afterDelay: .afterDelay
        }
    }
}

/// The seeded list of kill moments: the same seed gives the same kills on every run and toolchain.
enum KillSchedule {
    /// Share of kills of each kind; most land in the traffic, where acknowledged writes are at stake.
    static let shares: [(kind: KillMoment.Kind, share: Double)] = [
        (.duringStartup, 0.10), (.rightAfterStart, 0.10), (.duringConnectionSetup, 0.15),
        (.afterAcknowledgements, 0.40), (.afterDelay, 0.25),
    ]
    /// Milliseconds after the spawn for a kill during startup.
    static let startupMilliseconds = 0...80
    /// Microseconds after `listening on` for a kill during connection setup.
    static let connectionSetupMicroseconds = 100...5_000
    /// New AAs to wait for before a mid-stream kill.
    static let acknowledgements = 1...64
    /// Milliseconds after `listening on` for a kill after a delay.
    static let delayMilliseconds = 5...400

    /// `count` kill moments drawn from `seed`.
    static func moments(count: Int, seed: UInt64) -> [KillMoment] {
        var random = SplitMix64(seed: seed ^ 0x4B11_7E57)
        return (0..<count).map { _ in moment(using: &random) }
    }

    private static func moment(using random: inout SplitMix64) -> KillMoment {
        var roll = random.fraction() * shares.reduce(0) { $0 + $1.share }
        var kind = shares[shares.count - 1].kind
        for entry in shares {
            roll -= entry.share
            if roll < 0 {
                kind = entry.kind
                break
            }
        }
        switch kind {
        case .duringStartup:
            return .duringStartup(.milliseconds(random.integer(in: startupMilliseconds)))
        case .rightAfterStart:
            return .rightAfterStart
        case .duringConnectionSetup:
            return .duringConnectionSetup(.microseconds(random.integer(in: connectionSetupMicroseconds)))
        case .afterAcknowledgements:
            return .afterAcknowledgements(random.integer(in: acknowledgements))
        case .afterDelay:
            return .afterDelay(.milliseconds(random.integer(in: delayMilliseconds)))
        }
    }
}

// Drawn by hand rather than with `Int.random(in:using:)`, whose algorithm may change between
// Swift releases: a seed must name the same kills wherever it is replayed.
extension SplitMix64 {
    /// A uniform double in [0, 1) from the top 53 bits.
    mutating func fraction() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `range`, by multiply-high.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        let count = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next().multipliedFullWidth(by: count).high)
    }
}
