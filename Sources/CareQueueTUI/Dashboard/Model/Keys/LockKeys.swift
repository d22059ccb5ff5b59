/// Keys on the lock screen: every key feeds the unlock field; nothing reaches the screen behind it.
enum LockKeys {
    static var table: KeyTable {
        KeyTable([
            KeyBinding(keys: [], takesText: true, hint: KeyHint("type", "account name")) { key, state in
                edit(key, in: &state)
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "unlock")) { _, state in
                ScreenLock.submit(in: &state)
            },
            KeyBinding(keys: [.backspace], hint: KeyHint("Backspace", "delete")) { key, state in
                edit(key, in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "clear")) { _, state in
                guard let lock = state.lock else { return [] }
                state.lock = ScreenLock(since: lock.since)
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }

    private static func edit(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        guard var lock = state.lock, let text = DialogKeys.edited(lock.typed, by: key),
              text.count <= ScreenLock.maximumLength else { return [] }
        lock.typed = text
        lock.problem = nil
        state.lock = lock
        return []
    }
}
