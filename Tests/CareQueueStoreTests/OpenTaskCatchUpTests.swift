import Testing
@testable import CareQueueStore

/// The kept counts' catch-up on PostgreSQL, where a change can commit after one with a higher seq:
/// snapshots made up as (xmin, xmax) and the seqs each read found.
@Suite("Catching up with task changes that commit out of seq order")
struct OpenTaskCatchUpTests {
    @Test("a seq not yet committed is read again until it is, then applied once")
    func holeFilled() {
        var catchUp = OpenTaskTally.CatchUp()
        #expect(catchUp.see([1, 2, 4], after: 0, through: 4) == [1, 2, 4])
        catchUp.settle(noted: true, through: 4, horizon: (xmin: 100, xmax: 105))
        #expect(catchUp.holes == [3])
        // Its writer still runs (xmin 103 < 105): still a hole.
        #expect(catchUp.see([], after: 4, through: 4) == [])
        catchUp.settle(noted: false, through: 4, horizon: (xmin: 103, xmax: 106))
        #expect(catchUp.holes == [3])
        #expect(catchUp.see([3, 5], after: 4, through: 5) == [3, 5])
        catchUp.settle(noted: false, through: 5, horizon: (xmin: 106, xmax: 106))
        #expect(catchUp.isSettled)
    }

    @Test("a seq whose writer rolled back settles once every transaction in flight with it has ended")
    func holeRolledBack() {
        var catchUp = OpenTaskTally.CatchUp()
        _ = catchUp.see([1, 3], after: 0, through: 3)
        catchUp.settle(noted: true, through: 3, horizon: (xmin: 100, xmax: 105))
        _ = catchUp.see([], after: 3, through: 3)
        catchUp.settle(noted: false, through: 3, horizon: (xmin: 104, xmax: 107))
        #expect(!catchUp.isSettled)
        _ = catchUp.see([], after: 3, through: 3)
        catchUp.settle(noted: false, through: 3, horizon: (xmin: 105, xmax: 107))
        #expect(catchUp.isSettled)
    }

    @Test("nothing in flight: the gaps a read leaves are rollbacks, settled at once")
    func nothingInFlight() {
        var catchUp = OpenTaskTally.CatchUp()
        _ = catchUp.see([1, 3], after: 0, through: 3)
        catchUp.settle(noted: true, through: 3, horizon: (xmin: 105, xmax: 105))
        #expect(catchUp.isSettled)
    }

    @Test("the log's trim past a seq not yet seen sends the reader back to counting afresh")
    func trimPastHole() {
        var catchUp = OpenTaskTally.CatchUp()
        _ = catchUp.see([1, 2, 4], after: 0, through: 4)
        catchUp.settle(noted: true, through: 4, horizon: (xmin: 100, xmax: 105))
        // Change 4,608 deleted every change through 512: the one at 3 may have committed and gone.
        #expect(catchUp.see([4_608], after: 4, through: 4_608) == nil)
    }

    @Test("after a count with writers in flight, a change below the log's first seq is applied once")
    func belowTheLog() {
        var catchUp = OpenTaskTally.CatchUp()
        catchUp.below = 10
        catchUp.horizons = [OpenTaskTally.CatchUp.Horizon(xmax: 105, seq: 20)]
        #expect(catchUp.see([7], after: 20, through: 20) == [7])
        #expect(catchUp.see([7], after: 20, through: 20) == [])
        catchUp.settle(noted: false, through: 20, horizon: (xmin: 105, xmax: 106))
        #expect(catchUp.isSettled)
    }
}
