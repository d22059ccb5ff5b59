import Testing
@testable import CareQueueStore

@Suite("What derivation keeps per stored message")
struct StoredInOrderTests {
    @Test("looked up by id, gaps included; dropped through the mark, in order")
    func lookupAndDrop() {
        var kept = StoredInOrder<String>()
        for id in [3, 4, 7, 9] as [Int64] { kept.append(id, "m\(id)") }

        #expect(kept.value(for: 7) == "m7")
        #expect(kept.value(for: 5) == nil)
        #expect(kept.value(for: 10) == nil)
        var dropped: [String] = []
        kept.drop(through: 7) { dropped.append($0) }
        #expect(dropped == ["m3", "m4", "m7"])
        #expect(kept.count == 1)
        #expect(kept.first?.id == 9)
        #expect(kept.value(for: 4) == nil, "a dropped entry is gone")
    }

    @Test("thousands dropped and kept again: the store compacts and still finds each")
    func compaction() {
        var kept = StoredInOrder<Int64>()
        for id in 1...5_000 as ClosedRange<Int64> { kept.append(id, id * 10) }
        kept.drop(through: 4_000)
        for id in 5_001...5_010 as ClosedRange<Int64> { kept.append(id, id * 10) }

        #expect(kept.count == 1_010)
        #expect(kept.first?.id == 4_001)
        #expect(kept.value(for: 4_500) == 45_000)
        #expect(kept.value(for: 5_010) == 50_100)
        #expect(kept.value(for: 3_999) == nil)
    }

    private final class Parse {}

    @Test("a dropped value is released at once, before the store compacts (a parse of 16 MB must not linger)")
    func releasedOnDrop() {
        var kept = StoredInOrder<Parse>()
        weak var dropped: Parse?
        do {
            let parse = Parse()
            dropped = parse
            kept.append(1, parse)
        }
        kept.append(2, Parse())
        #expect(dropped != nil)

        kept.drop(through: 1)

        #expect(dropped == nil)
        #expect(kept.count == 1)
    }
}
