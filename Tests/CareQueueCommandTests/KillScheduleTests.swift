import Testing
@testable import carequeue

@Suite("Kill schedule")
struct KillScheduleTests {
    static let sample = KillSchedule.moments(count: 4_000, seed: 20_261_206)

    @Test("a seed names the same kills every time; another seed names others")
    func reproducible() {
        #expect(KillSchedule.moments(count: 200, seed: 7) == KillSchedule.moments(count: 200, seed: 7))
        #expect(KillSchedule.moments(count: 200, seed: 7) != KillSchedule.moments(count: 200, seed: 8))
        #expect(KillSchedule.moments(count: 13, seed: 7).count == 13)
        #expect(KillSchedule.moments(count: 200, seed: 7).prefix(13) == KillSchedule.moments(count: 13, seed: 7)[...])
    }

    @Test("each kind lands about as often as its share", arguments: KillSchedule.shares.map(\.kind))
    func shares(kind: KillMoment.Kind) throws {
        let share = try #require(KillSchedule.shares.first { $0.kind == kind }).share
        let seen = Double(Self.sample.filter { $0.kind == kind }.count) / Double(Self.sample.count)
        #expect(abs(seen - share) < 0.03, "\(kind.rawValue): \(seen) of kills, share \(share)")
    }

    @Test("every moment stays within the bounds of its kind", arguments: KillMoment.Kind.allCases)
    func bounds(kind: KillMoment.Kind) {
        let moments = Self.sample.filter { $0.kind == kind }
        #expect(!moments.isEmpty)
        for moment in moments {
            switch moment {
            case .duringStartup(let delay):
                #expect(within(delay, .milliseconds(KillSchedule.startupMilliseconds.lowerBound),
                               .milliseconds(KillSchedule.startupMilliseconds.upperBound)))
            case .rightAfterStart:
                break
            case .duringConnectionSetup(let delay):
                #expect(within(delay, .microseconds(KillSchedule.connectionSetupMicroseconds.lowerBound),
                               .microseconds(KillSchedule.connectionSetupMicroseconds.upperBound)))
            case .afterAcknowledgements(let count):
                #expect(KillSchedule.acknowledgements.contains(count))
            case .afterDelay(let delay):
                #expect(within(delay, .milliseconds(KillSchedule.delayMilliseconds.lowerBound),
                               .milliseconds(KillSchedule.delayMilliseconds.upperBound)))
            }
        }
    }

    @Test("the drawn values spread over their range, both ends reached")
    func spread() {
        let counts = Self.sample.compactMap { moment -> Int? in
            if case .afterAcknowledgements(let count) = moment { return count }
            return nil
        }
        #expect(counts.min() == KillSchedule.acknowledgements.lowerBound)
        #expect(counts.max() == KillSchedule.acknowledgements.upperBound)
    }

    private func within(_ value: Duration, _ low: Duration, _ high: Duration) -> Bool {
        low <= value && value <= high
    }
}
