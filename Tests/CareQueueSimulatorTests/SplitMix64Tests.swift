import Testing
@testable import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test("matches the reference algorithm", arguments: [
        Named("seed 0", UInt64(0), [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F] as [UInt64]),
        Named("seed 42", UInt64(42), [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52]),
    ])
    func reference(_ test: Named<UInt64, [UInt64]>) {
        var random = SplitMix64(seed: test.input)
        #expect((0..<3).map { _ in random.next() } == test.expected)
    }

    @Test("below(n) stays in 0..<n and reaches both ends", arguments: [1, 2, 7, 60])
    func below(_ count: Int) {
        var random = SplitMix64(seed: 11)
        let draws = (0..<2_000).map { _ in random.below(count) }
        #expect(draws.allSatisfy { (0..<count).contains($0) })
        #expect(draws.contains(0) && draws.contains(count - 1))
    }

    @Test("unit() is in [0, 1)")
    func unit() {
        var random = SplitMix64(seed: 12)
        #expect((0..<2_000).map { _ in random.unit() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("weightedIndex never picks a zero weight and follows the weights")
    func weighted() {
        var random = SplitMix64(seed: 13)
        let draws = (0..<4_000).map { _ in random.weightedIndex([0, 1, 0, 3]) }
        #expect(draws.allSatisfy { $0 == 1 || $0 == 3 })
        let share = Double(draws.filter { $0 == 3 }.count) / Double(draws.count)
        #expect((0.70...0.80).contains(share))
    }
}
