import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Automatic lock on the pure dashboard state, driven by an injected clock")
struct LockTests {
    static let size = GridSize(width: 120, height: 40)

    @Test("it locks once idle_lock has passed without a key, not a second before, and records it once")
    func locksAfterIdle() {
        var state = LockFixture.state()
        #expect(LockFixture.accessEvents(LockFixture.tick(59, &state)).isEmpty)
        #expect(state.lock == nil)
        let effects = LockFixture.tick(60, &state)
        #expect(state.lock == ScreenLock(since: LockFixture.at(60)))
        #expect(LockFixture.accessEvents(effects) == [.screenLocked])
        #expect(LockFixture.accessEvents(LockFixture.tick(61, &state) + LockFixture.tick(600, &state)).isEmpty)
        #expect(state.lock?.since == LockFixture.at(60))
    }

    @Test("a key restarts the idle count")
    func keysResetIdleness() {
        var state = LockFixture.state()
        LockFixture.tick(50, &state)
        ViewFixture.press([.down], on: &state)
        LockFixture.tick(109, &state)
        #expect(state.lock == nil)
        LockFixture.tick(110, &state)
        #expect(state.lock != nil)
    }

    @Test("without idle_lock (\"0s\") it never locks")
    func offNeverLocks() {
        var settings = LockFixture.settings
        settings.idleLock = nil
        var state = LockFixture.state(settings: settings)
        LockFixture.tick(86_400, &state)
        #expect(state.lock == nil)
    }

    @Test("the --board --read-only wall locks like any dashboard")
    func readOnlyWallLocks() {
        var settings = LockFixture.settings
        settings.readOnly = true
        settings.opensOnBoard = true
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: Self.size)
        LockFixture.tick(60, &state)
        #expect(state.lock != nil)
        ViewFixture.press(DashboardFixture.type(LockFixture.account) + [.enter], on: &state)
        #expect(state.lock == nil)
        #expect(state.screen == .board(cursor: 0))
    }

    @Test("the account name and Enter unlock: the screen behind returns, is re-read, and the unlock is recorded")
    func unlocks() {
        var state = LockFixture.state(cursor: 2)
        ViewFixture.press([.enter], on: &state)
        LockFixture.tick(200, &state)
        #expect(state.lock != nil)
        let typed = DashboardFixture.type(LockFixture.account).flatMap { Dashboard.update(&state, .keyPressed($0)) }
        #expect(typed.isEmpty)
        let effects = Dashboard.update(&state, .keyPressed(.enter))
        #expect(state.lock == nil)
        #expect(effects == [.recordAccess(.screenUnlocked), .loadOverview,
                            .loadPage(.provider(npi: DashboardFixture.chen), offset: 0, limit: state.visibleRows),
                            .loadDetail(taskID: 51)])
        guard case .detail(51, _, 0) = state.screen else {
            Issue.record("the detail did not come back: \(state.screen)")
            return
        }
        // Idle counts again from the unlock.
        LockFixture.tick(259, &state)
        #expect(state.lock == nil)
        LockFixture.tick(260, &state)
        #expect(state.lock != nil)
    }

    @Test("another name does not unlock: the field clears and the lock screen says so; typing clears the note")
    func wrongAccount() {
        var state = LockFixture.state()
        LockFixture.tick(60, &state)
        let effects = ViewFixture.press(DashboardFixture.type("jdoe") + [.enter], on: &state)
        #expect(effects.isEmpty)
        #expect(state.lock == ScreenLock(since: LockFixture.at(60), typed: "", problem: "Not this session's account"))
        ViewFixture.press([.enter], on: &state)
        #expect(state.lock?.problem == "Not this session's account", "an empty field does not unlock either")
        ViewFixture.press([.character("c")], on: &state)
        #expect(state.lock == ScreenLock(since: LockFixture.at(60), typed: "c"))
        ViewFixture.press([.escape] + DashboardFixture.type(LockFixture.account.uppercased()) + [.enter], on: &state)
        #expect(state.lock?.problem != nil, "account names are case-sensitive")
    }

    @Test("while locked every key feeds the field: q does not quit, a does not act, Backspace and Esc edit; Ctrl-C quits")
    func keysWhileLocked() {
        var state = LockFixture.state(cursor: 0)
        LockFixture.tick(60, &state)
        let before = state
        #expect(Dashboard.update(&state, .keyPressed(.character("q"))).isEmpty)
        #expect(Dashboard.update(&state, .keyPressed(.character("a"))).isEmpty)
        #expect(state.lock?.typed == "qa")
        ViewFixture.press([.backspace], on: &state)
        #expect(state.lock?.typed == "q")
        ViewFixture.press([.escape], on: &state)
        #expect(state.lock?.typed == "")
        ViewFixture.press([.tab, .down, .character("?"), .character("/")], on: &state)
        #expect(state.screen == before.screen)
        #expect(state.cursor == before.cursor)
        #expect(state.selectedQueue == before.selectedQueue)
        #expect(!state.showsHelp)
        #expect(state.filter == nil)
        #expect(state.actionsInFlight == 0)
        #expect(Dashboard.update(&state, .keyPressed(.control("c"))) == [.quit])
    }

    @Test("locked, nothing reads patient rows: the overview only, on a store change, a tick or a resize")
    func lockedReadsNoPatients() {
        var state = LockFixture.state()
        ViewFixture.press([.enter], on: &state)
        LockFixture.tick(60, &state)
        #expect(Dashboard.update(&state, .storeChanged) == [.loadOverview])
        #expect(LockFixture.tick(600, &state) == [.loadOverview])
        #expect(Dashboard.update(&state, .resized(GridSize(width: 100, height: 30))).isEmpty)
    }

    @Test("a note being typed when it locked is kept, hidden, and back after unlocking")
    func keepsTypedNote() throws {
        var state = LockFixture.state(cursor: 0)
        ViewFixture.press([.character("c"), .enter] + DashboardFixture.type("Called, left a voicemail"), on: &state)
        let dialog = try #require(state.dialog)
        LockFixture.tick(60, &state)
        let locked = DashboardView.render(state, size: Self.size).lines.joined(separator: "\n")
        #expect(!locked.contains("voicemail"))
        #expect(!locked.contains("Close task"))
        ViewFixture.press(DashboardFixture.type(LockFixture.account) + [.enter], on: &state)
        #expect(state.dialog == dialog)
    }

    @Test("behind the lock screen", arguments: [
        ("the queue", [Key]()), ("a detail", [.enter]), ("the help", [.character("?")]),
        ("a close note", [.character("c"), .enter, .character("x")]),
        ("the filter", [.character("/"), .character("M")]), ("the board", [.character("b")]),
        ("a raw message", [.character("v"), .enter]),
    ] as [(String, [Key])])
    func lockedScreenShowsNoPatient(_ behind: String, _ keys: [Key]) {
        for size in DashboardSnapshotTests.sizes {
            var state = LockFixture.state(size: size, cursor: 0)
            ViewFixture.press(keys, on: &state)
            let unlocked = DashboardView.render(state, size: size)
            LockFixture.tick(60, &state)
            ViewFixture.press(DashboardFixture.type("cqnurs"), on: &state)
            let locked = DashboardView.render(state, size: size)
            // The check can tell: the screen it replaces shows some patient (the ticker names them), except
            // where the help overlay covers all of it.
            if behind != "the help" {
                #expect(!LockFixture.patientWords(on: unlocked).isEmpty, "\(behind) at \(size) shows no patient to hide")
            }
            #expect(LockFixture.patientWords(on: locked) == [], "\(behind) at \(size)")
            let text = locked.lines.joined(separator: "\n")
            #expect(text.contains("Clinic North · locked"))
            #expect(text.contains("14:06:09"), "the time")
            #expect(text.contains("••••••█"), "typed characters as dots")
            #expect(!text.contains("cqnurs"), "the typed text is not shown back")
        }
    }

    @Test("the lock screen after a wrong name", arguments: DashboardSnapshotTests.cases("locked"))
    func lockScreen(_ screen: ScreenCase) {
        var state = LockFixture.state(size: screen.size)
        LockFixture.tick(60, &state)
        ViewFixture.press(DashboardFixture.type("jdoe") + [.enter], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }
}
