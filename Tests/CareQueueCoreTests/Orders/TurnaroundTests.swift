import CareQueueCore
import Foundation
import Testing

@Suite("Turnaround: when an order's result is expected, and when it is overdue")
struct TurnaroundTests {
    static let ordered = Date(timeIntervalSince1970: 1_772_352_600)  // 2026-03-01T08:10:00Z

    static func order(kind: OrderMessage.Kind = .order, test: String = "2823-3", priority: String? = nil,
                      state: TrackedOrder.State = .ordered) -> TrackedOrder {
        TrackedOrder(id: 1, kind: kind, sender: SenderID(application: "EHR", facility: ""), mrn: "MRN1", patient: "Doe, Jan",
                     placerNumber: "PL1", serviceCode: test, serviceText: "Potassium", priority: priority, orderedAt: ordered,
                     state: state)
    }

    static let config: CareQueueConfig.Turnaround = {
        var turnaround = CareQueueConfig.Turnaround()
        turnaround.tests["2823-3"] = 4 * 3600
        turnaround.tests["24320-4"] = 30 * 60
        return turnaround
    }()

    @Test("the window: the test's own, else the default; stat takes the shorter of stat and the test's; referrals their own")
    func windows() {
        let c = Self.config
        #expect(c.window(for: Self.order()) == 4 * 3600)
        #expect(c.window(for: Self.order(test: "58410-2")) == 7 * 86_400)
        #expect(c.window(for: Self.order(priority: "S")) == 2 * 3600)
        #expect(c.window(for: Self.order(test: "24320-4", priority: "s")) == 30 * 60)
        #expect(c.window(for: Self.order(test: "58410-2", priority: "S")) == 2 * 3600)
        #expect(c.window(for: Self.order(kind: .referral, priority: "S")) == 30 * 86_400)
    }

    @Test("overdue exactly at the expected instant, not a second before; never once resulted or cancelled")
    func boundaries() {
        let c = Self.config
        let due = Self.ordered.addingTimeInterval(4 * 3600)
        #expect(c.expectedBy(Self.order()) == due)
        #expect(!c.isOverdue(Self.order(), at: due.addingTimeInterval(-1)))
        #expect(c.isOverdue(Self.order(), at: due))
        for state in [TrackedOrder.State.preliminary, .final, .cancelled] {
            #expect(!c.isOverdue(Self.order(state: state), at: due.addingTimeInterval(86_400)))
        }
    }

    @Test("[turnaround] and [turnaround_tests] from a file: defaults, test codes as keys, bad values named")
    func loading() throws {
        let config = try CareQueueConfig.parse(text: """
            [turnaround]
            default = "5d"
            stat = "90m"
            referral = "21d"
            missing_tier = "critical"
            consult_note_tier = "abnormal"

            [turnaround_tests]
            2823-3 = "4h"
            LOCAL_K = "6h"
            """, file: "c.toml")
        #expect(config.turnaround.defaultWindow == 5 * 86_400 && config.turnaround.stat == 90 * 60)
        #expect(config.turnaround.referral == 21 * 86_400)
        #expect(config.turnaround.missingTier == .critical && config.turnaround.consultNoteTier == .abnormal)
        #expect(config.turnaround.tests == ["2823-3": 4 * 3600, "LOCAL_K": 6 * 3600])
        #expect(CareQueueConfig.Turnaround() == (try CareQueueConfig.parse(text: "", file: "c.toml")).turnaround)
        #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: "[turnaround_tests]\n2823-3 = \"soon\"\n", file: "c.toml") }
        #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: "[turnaround]\nmissing_tier = \"urgent\"\n", file: "c.toml") }
        #expect(throws: FileLineError.self) { try CareQueueConfig.parse(text: "[turnaround]\nstat_window = \"1h\"\n", file: "c.toml") }
    }
}
