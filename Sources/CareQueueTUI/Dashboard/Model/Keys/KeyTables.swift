/// Which table answers keys now, and what is derived from all of them: the help overlay and the wall's refusals.
enum KeyTables {
    /// The table in charge in `state`: the lock screen's or the kiosk's over everything, else help, else
    /// a dialog, else the filter being typed, else the screen's.
    static func active(for state: DashboardState) -> KeyTable {
        if state.lock != nil { return LockKeys.table }
        if state.settings.kiosk { return KioskKeys.table }
        if state.showsHelp { return KeyHandling.helpTable }
        if let dialog = state.dialog { return DialogKeys.table(for: dialog) }
        if let picker = state.worklist?.picker { return WorklistKeys.pickerTable(cursor: picker) }
        if state.filter?.editing == true { return FilterKeys.table }
        if state.shownWorklist != nil, state.screen == .queue { return WorklistKeys.table }
        return screen(state.screen)
    }

    static func screen(_ screen: DashboardScreen) -> KeyTable {
        switch screen {
        case .queue: return KeyHandling.queueTable
        case .detail(let id, let detail, let scroll): return KeyHandling.detailTable(taskID: id, detail: detail, scroll: scroll)
        case .board(let cursor): return ViewKeys.boardTable(cursor: cursor)
        case .review(let cursor): return ViewKeys.reviewTable(cursor: cursor)
        case .rawMessage(let id, let lines, let scroll, let back):
            return ViewKeys.rawTable(id: id, lines: lines, scroll: scroll, reviewCursor: back)
        case .awaiting: return AwaitingKeys.table
        }
    }

    /// One table per screen (the worklist's after the queue's); which task or row is on show does
    /// not change what a table declares.
    static var screens: [KeyTable] {
        let tables = [.queue, .detail(taskID: 0, detail: nil, scroll: 0), .board(cursor: 0), .review(cursor: 0),
                      .rawMessage(id: 0, lines: nil, scroll: 0, reviewCursor: 0), .awaiting].map(screen)
        return [tables[0], WorklistKeys.table] + tables.dropFirst()
    }

    /// The `?` overlay: every screen's help lines, each once, the queue's first.
    static var helpLines: [KeyHelp] {
        screens.flatMap(\.helpLines).reduce(into: []) { lines, line in
            if !lines.contains(line) { lines.append(line) }
        }
    }

    /// Keys refused on every read-only screen: any key that changes data on some screen, so the wall
    /// answers `c` the same way on the board as on a queue instead of silently doing nothing.
    static var wallRefusals: Set<Key> {
        Set(screens.flatMap { $0.bindings.filter(\.changesData).flatMap(\.keys) })
    }

    /// Ctrl-L, `?` and `q`: the same on every screen.
    static func common(help hint: KeyHint? = nil, quit quitHint: KeyHint? = nil) -> [KeyBinding] {
        [
            // The event loop repaints on Ctrl-L before the key gets here; nothing else changes.
            KeyBinding(keys: [.control("l")], help: KeyHelp("Ctrl-L", "redraw the screen")) { _, _ in [] },
            KeyBinding(keys: [.character("?")], help: KeyHelp("?", "this help"), hint: hint) { _, state in
                state.showsHelp = true
                state.helpScroll = 0
                return []
            },
            // Ctrl-C quits before any table is asked (in dialogs too); it is declared here for help.
            KeyBinding(keys: [.character("q"), .control("c")], help: KeyHelp("q  Ctrl-C", "quit"), hint: quitHint) { _, _ in
                [.quit]
            },
        ]
    }

    /// `/`, `b` and `v`: the views every screen without a dialog can switch to.
    static func find(hint: KeyHint? = nil) -> KeyBinding {
        KeyBinding(keys: [.character("/")],
                   help: KeyHelp("/", "find by MRN, name or test in every queue (Tab: closed too; Esc clears)"),
                   hint: hint) { _, state in
            state.screen = .queue
            state.filter = PatientFilter(text: state.filter?.text ?? "", editing: true,
                                         includesClosed: state.filter?.includesClosed ?? false)
            return []
        }
    }

    static func board(hint: KeyHint? = nil) -> KeyBinding {
        KeyBinding(keys: [.character("b")], help: KeyHelp("b", "charge-nurse board: totals, queues riskiest first, trend"),
                   hint: hint) { _, state in
            state.screen = .board(cursor: 0)
            return [.loadBoard] + Dashboard.boardFigures(for: state)
        }
    }

    /// `e`: the task of the escalation the ticker shows first (the latest), in its detail.
    static var latestEscalation: KeyBinding {
        KeyBinding(keys: [.character("e")], help: KeyHelp("e", "open the task of the ticker's latest escalation")) { _, state in
            guard let latest = state.overview.ticker.first else {
                state.message = StatusMessage("No escalation in the ticker", shownAt: state.now)
                return []
            }
            return KeyHandling.openDetail(latest.taskID, showing: nil, in: &state)
        }
    }

    static func review(hint: KeyHint? = nil) -> KeyBinding {
        KeyBinding(keys: [.character("v")],
                   help: KeyHelp("v", "review list: refused messages (AE/AR); Enter shows one raw"), hint: hint) { _, state in
            state.screen = .review(cursor: 0)
            return [.loadReview]
        }
    }
}
