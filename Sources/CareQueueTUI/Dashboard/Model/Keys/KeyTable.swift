/// A screen's (or dialog's) bindings, in the order they are tried and help lists them.
struct KeyTable {
    var bindings: [KeyBinding]
    /// Which hint line applies in a state.
    var layout: (DashboardState) -> HintLayout

    init(_ bindings: [KeyBinding], layout: @escaping (DashboardState) -> HintLayout = KeyTable.screenLayout) {
        self.bindings = bindings
        self.layout = layout
    }

    /// A screen's layout: the wall's on a read-only screen, else the standard one.
    static func screenLayout(_ state: DashboardState) -> HintLayout { state.settings.readOnly ? .wall : .standard }

    /// A dialog's layout: the standard one (no dialog opens on a read-only screen).
    static func dialogLayout(_ state: DashboardState) -> HintLayout { .standard }

    /// What `key` does here: the first binding for it that applies; nil when none does.
    func dispatch(_ key: Key, in state: inout DashboardState) -> [DashboardEffect]? {
        for binding in bindings where binding.matches(key) {
            if let effects = binding.action(key, &state) { return effects }
        }
        return nil
    }

    /// Whether any binding here takes `key` (typed text included).
    func handles(_ key: Key) -> Bool {
        bindings.contains { $0.matches(key) }
    }

    /// Whether a binding for `key` writes to the store.
    func changesData(_ key: Key) -> Bool {
        bindings.contains { $0.changesData && $0.matches(key) }
    }

    /// The hint line in `state`: in its layout's order, without data-changing keys on the wall.
    func hints(for state: DashboardState) -> [(String, String)] {
        let layout = layout(state)
        let placed: [(place: Int, hint: KeyHint)] = bindings.enumerated().compactMap { index, binding in
            guard let hint = binding.hint, !(layout == .wall && binding.changesData) else { return nil }
            guard let places = hint.places else { return layout == .tagged ? nil : (index, hint) }
            return places[layout].map { ($0, hint) }
        }
        return placed.sorted { $0.place < $1.place }.map { ($0.hint.key, $0.hint.text(state)) }
    }

    /// The overlay lines its bindings declare, each once, in order.
    var helpLines: [KeyHelp] {
        bindings.compactMap(\.help).reduce(into: []) { lines, line in
            if !lines.contains(line) { lines.append(line) }
        }
    }
}
