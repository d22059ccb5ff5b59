/// A line of the `?` overlay: the keys as help writes them, and what they do.
struct KeyHelp: Equatable {
    var keys: String
    var text: String

    init(_ keys: String, _ text: String) {
        self.keys = keys
        self.text = text
    }
}

/// Which hint line a screen shows: the usual one, the read-only wall's, or the queue's while rows are tagged.
enum HintLayout: Hashable {
    case standard, wall, tagged
}

/// A key on the bottom line: the key as written, what it does in this state, and where it stands.
struct KeyHint {
    var key: String
    var text: (DashboardState) -> String
    /// Its place in each layout that shows it. Nil: in declaration order, in the standard and wall layouts.
    var places: [HintLayout: Int]?

    init(_ key: String, _ text: String, places: [HintLayout: Int]? = nil) {
        self.init(key, { _ in text }, places: places)
    }

    /// At `place` on both the standard and the wall line.
    init(_ key: String, _ text: String, at place: Int) {
        self.init(key, text, places: [.standard: place, .wall: place])
    }

    init(_ key: String, _ text: @escaping (DashboardState) -> String, places: [HintLayout: Int]? = nil) {
        self.key = key
        self.text = text
        self.places = places
    }
}

/// One key's whole declaration on one screen (as k9s' `KeyAction`, bubbles' `key.Binding`): the help
/// overlay, the hint line and the read-only refusal are all derived from these, never kept in a second list.
struct KeyBinding {
    /// The keys it answers to.
    var keys: [Key]
    /// It also answers to every printable character (a text field, or digits in a picker).
    var takesText = false
    /// Its line in the `?` overlay; a line several screens share is listed once.
    var help: KeyHelp? = nil
    var hint: KeyHint? = nil
    /// It writes to the store, or opens what does: refused on a read-only wall screen.
    var changesData = false
    /// What it does; nil when it does not apply in this state (then the next binding for the key is tried).
    /// It must not change `state` before deciding to return nil.
    var action: (Key, inout DashboardState) -> [DashboardEffect]?

    func matches(_ key: Key) -> Bool {
        if keys.contains(key) { return true }
        if takesText, case .character = key { return true }
        return false
    }
}
