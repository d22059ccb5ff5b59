import Foundation

/// A note being typed in a dialog: its text and where the cursor stands (a character index, 0…count).
///
/// Coordinators write real sentences here ("left VM re K 6.8, callback 2 pm"), so the editor moves
/// and deletes like a shell's line editor: ←/→, Home/End, Backspace/Delete, Ctrl-W (the word before
/// the cursor) and Ctrl-U (everything).
public struct NoteText: Equatable, Sendable, ExpressibleByStringLiteral {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    /// `text` with the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public init(stringLiteral text: String) { self.init(text) }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// The note to save: the text without leading or trailing white space.
    public var trimmed: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Applies an editing key; false (and nothing changed) when `key` does not edit text. A character
    /// past `limit` characters is taken as an edit that changes nothing.
    public mutating func apply(_ key: Key, limit: Int) -> Bool {
        switch key {
        case .character(let character):
            guard characters.count < limit else { return true }
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            cursor -= 1
            characters.remove(at: cursor)
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .control("w"):
            let start = wordStart(before: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .control("u"):
            characters = []
            cursor = 0
        default:
            return false
        }
        return true
    }

    /// Where the word ending at `index` starts: spaces before it are taken with it, as in a shell.
    private func wordStart(before index: Int) -> Int {
        var start = index
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        return start
    }
}
