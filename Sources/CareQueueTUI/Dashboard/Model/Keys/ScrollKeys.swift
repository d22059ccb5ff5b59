/// The keys that scroll a text view (the detail, the raw message), one meaning for both.
enum ScrollKeys {
    /// The first line shown after `key`, from `scroll`, a page of `page` lines and the last start `last`.
    static func target(for key: Key, scroll: Int, page: Int, last: Int) -> Int {
        let target: Int
        switch key {
        case .down, .character("j"): target = scroll + 1
        case .up, .character("k"): target = scroll - 1
        case .pageDown, .character(" "): target = scroll + page
        case .pageUp: target = scroll - page
        case .home, .character("g"): target = 0
        default: target = last
        }
        return max(0, min(target, last))
    }
}
