import CareQueueCore
import CareQueueTUI
import Foundation
import Testing
import TestSupport

@MainActor
@Suite("Dashboard runtime: effects run, results come back as events", .serialized)
struct DashboardRuntimeTests {
    static let size = GridSize(width: 80, height: 24)

    private func fresh() -> DashboardState {
        DashboardState(settings: DashboardFixture.settings, now: DashboardFixture.now, size: Self.size)
    }

    private func runtime(_ data: FakeDashboardData, _ actions: FakeTaskActions, loop: EventLoop,
                         access: FakeAccessAudit = FakeAccessAudit()) -> (DashboardRuntime, ActionRunner) {
        let runner = ActionRunner(actions: actions, waker: loop.waker)
        return (DashboardRuntime(data: data, views: FakeViewData(), runner: runner, clock: FixedTimeSource(DashboardFixture.now),
                                 access: access), runner)
    }

    @Test("prepare reads the overview and the first screenful of the first queue, and nothing else")
    func prepare() throws {
        let data = DashboardFixture.data()
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let (runtime, _) = runtime(data, FakeTaskActions(), loop: loop)
        var state = fresh()
        runtime.prepare(&state)
        #expect(data.reads == ["overview", "page unassigned 0 17"])
        #expect(state.overview == DashboardFixture.overview)
        #expect(state.selectedTask?.id == 80)
    }

    @Test("an action goes to the store off the UI thread; its answer becomes a message and a reload")
    func actionRoundTrip() throws {
        let data = DashboardFixture.data()
        let actions = FakeTaskActions()
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let (runtime, runner) = runtime(data, actions, loop: loop)
        var state = fresh()
        runtime.prepare(&state)
        #expect(runtime.handle(.keyPressed(.character("a")), state: &state) == .redraw)
        runner.waitUntilIdle()
        #expect(actions.received.map(\.0) == [.acknowledge])
        #expect(actions.received.map(\.1) == [80])
        #expect(actions.received.map(\.2) == ["jdoe"])
        let readsBefore = data.reads.count
        #expect(runtime.handle(.woken(.actionFinished), state: &state) == .redraw)
        #expect(state.message?.text == "Task 80 acknowledged")
        #expect(Array(data.reads.dropFirst(readsBefore)) == ["overview", "page unassigned 0 17"])
    }

    @Test("a refusal comes back as an error message")
    func refusal() throws {
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let (runtime, runner) = runtime(DashboardFixture.data(), FakeTaskActions(answer: .refused("task is already closed")), loop: loop)
        var state = fresh()
        runtime.prepare(&state)
        _ = runtime.handle(.keyPressed(.character("a")), state: &state)
        runner.waitUntilIdle()
        _ = runtime.handle(.woken(.actionFinished), state: &state)
        #expect(state.message == StatusMessage("Task 80: task is already closed", isError: true, shownAt: DashboardFixture.now))
    }

    @Test("a failing read shows what went wrong and keeps the dashboard running")
    func failingRead() throws {
        let data = DashboardFixture.data()
        data.failure = FixtureError()
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let (runtime, _) = runtime(data, FakeTaskActions(), loop: loop)
        var state = fresh()
        #expect(runtime.handle(.woken(.storeChanged), state: &state) == .redraw)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("locked by another process") == true)
    }

    @Test("a store change with nothing new on screen asks for no redraw")
    func unchanged() throws {
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let (runtime, _) = runtime(DashboardFixture.data(), FakeTaskActions(), loop: loop)
        var state = fresh()
        runtime.prepare(&state)
        #expect(runtime.handle(.woken(.storeChanged), state: &state) == .unchanged)
        #expect(runtime.handle(.terminated, state: &state) == .unchanged, "the loop ends itself and reports the signal")
    }

    @Test("access events reach the audit port: a detail opened, the screen locked and unlocked")
    func accessRecorded() throws {
        let loop = try EventLoop(device: FakeTerminal(size: Self.size))
        let access = FakeAccessAudit()
        let (runtime, _) = runtime(DashboardFixture.data(), FakeTaskActions(), loop: loop, access: access)
        var state = DashboardState(settings: LockFixture.settings, now: DashboardFixture.now, size: Self.size)
        runtime.prepare(&state)
        _ = runtime.handle(.keyPressed(.enter), state: &state)
        _ = runtime.handle(.tick(LockFixture.at(LockFixture.idleLock)), state: &state)
        for character in LockFixture.account { _ = runtime.handle(.keyPressed(.character(character)), state: &state) }
        _ = runtime.handle(.keyPressed(.enter), state: &state)
        #expect(access.recorded == [.taskViewed(taskID: 80), .screenLocked, .screenUnlocked])
    }

    @Test("through the real loop: a key, an action answered from another thread, the message drawn, quit")
    func throughTheLoop() throws {
        let terminal = FakeTerminal(size: Self.size)
        let loop = try EventLoop(device: terminal, clock: FixedTimeSource(DashboardFixture.now),
                                 configuration: EventLoop.Configuration(frameInterval: .zero, tickInterval: nil,
                                                                        minimumSize: DashboardLayout.minimumSize,
                                                                        handlesSignals: false))
        let (runtime, _) = runtime(DashboardFixture.data(), FakeTaskActions(), loop: loop)
        var state = fresh()
        runtime.prepare(&state)
        terminal.type("a")
        terminal.onDraw = { [terminal] _ in
            if terminal.drawn.last?.lines.contains(where: { $0.contains("Task 80 acknowledged") }) == true {
                terminal.type("q")
            }
        }
        let exit = try loop.run(&state, update: { runtime.handle($1, state: &$0) }, view: DashboardView.render)
        #expect(exit == .quit)
        #expect(terminal.restoreCount == 1)
        #expect(terminal.drawn.first?.lines.contains { $0.contains("Doe, Jane") } == true)
    }
}
