import CareQueueCore
@testable import CareQueueTUI
import Foundation
import Testing

@Suite("The note editor: cursor keys, word deletion, wrapping")
struct NoteEditorTests {
    static func edited(_ keys: [Key], from start: NoteText = "") -> NoteText {
        var note = start
        for key in keys { _ = note.apply(key, limit: 1000) }
        return note
    }

    static func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test("← and → move the cursor; typing inserts at it; Home and End jump")
    func moveAndInsert() {
        var note = Self.edited(Self.typed("K 6.8 recheck") + [.home] + Self.typed("Lab: ") + [.end] + Self.typed(" today"))
        #expect(note.text == "Lab: K 6.8 recheck today")
        note = Self.edited([.left, .left, .left, .left, .left, .backspace], from: note)
        #expect(note.text == "Lab: K 6.8 rechecktoday")
        #expect(note.cursor == 18)
        note = Self.edited([.delete, .end], from: note)
        #expect(note.text == "Lab: K 6.8 recheckoday")
        #expect(note.cursor == note.characters.count)
    }

    @Test("Ctrl-W deletes the word before the cursor with the spaces after it, like a shell")
    func deleteWord() {
        #expect(Self.edited([.control("w")], from: "left voicemail  ").text == "left ")
        #expect(Self.edited([.control("w"), .control("w")], from: "left voicemail").text == "")
        var note: NoteText = "called patient back"
        _ = note.apply(.left, limit: 1000)
        _ = note.apply(.left, limit: 1000)
        _ = note.apply(.left, limit: 1000)
        _ = note.apply(.left, limit: 1000)
        _ = note.apply(.control("w"), limit: 1000)
        #expect(note.text == "called back")
        #expect(note.cursor == 7)
    }

    @Test("Ctrl-U clears the note; the cursor never leaves the text")
    func clearAll() {
        var note: NoteText = "first second"
        for _ in 0..<6 { _ = note.apply(.left, limit: 1000) }
        #expect(Self.edited([.control("u")], from: note) == "")
        #expect(Self.edited([.left, .left, .backspace], from: "").cursor == 0)
        #expect(Self.edited([.right, .right], from: "ab").cursor == 2)
    }

    @Test("past the limit a character changes nothing; a key that does not edit is not taken")
    func limitAndOtherKeys() {
        var note: NoteText = "abc"
        let tookCharacter = note.apply(.character("d"), limit: 3)
        #expect(tookCharacter)
        #expect(note.text == "abc")
        let tookEnter = note.apply(.enter, limit: 3)
        let tookEscape = note.apply(.escape, limit: 3)
        #expect(!tookEnter && !tookEscape)
    }

    @Test("wrapping breaks at the last space that fits, keeps every character, and places the cursor")
    func wraps() {
        let layout = NoteFieldView.layout(NoteText("left voicemail about potassium"), width: 12)
        #expect(layout.lines == ["left ", "voicemail ", "about ", "potassium"])
        #expect(layout.lines.joined() == "left voicemail about potassium")
        #expect(layout.cursorLine == 3)
        #expect(layout.cursorColumn == 9)
        let long = NoteFieldView.layout(NoteText("abcdefghij"), width: 4)
        #expect(long.lines == ["abcd", "efgh", "ij"], "a word longer than the line is cut")
        let full = NoteFieldView.layout(NoteText("abcd"), width: 4)
        #expect(full.lines == ["abcd", ""], "a cursor after a full line starts the next one")
        #expect(full.cursorLine == 1)
        #expect(full.cursorColumn == 0)
        var middle: NoteText = "called the patient"
        for _ in 0..<8 { _ = middle.apply(.left, limit: 1000) }
        let moved = NoteFieldView.layout(middle, width: 10)
        #expect(moved.lines == ["called ", "the ", "patient"])
        #expect(moved.cursorLine == 1)
        #expect(moved.cursorColumn == 3)
    }

    @Test("a wide character counts two cells")
    func wideCharacters() {
        let layout = NoteFieldView.layout(NoteText("患者に電話"), width: 4)
        #expect(layout.lines == ["患者", "に電", "話"])
        #expect(layout.cursorColumn == 2)
    }

    @Test("the close dialog edits in the middle and saves the whole note")
    func closeDialogEditsInPlace() {
        var state = DashboardFixture.state(size: GridSize(width: 120, height: 40), cursor: 0)
        let keys: [Key] = [.character("c"), .enter] + Self.typed("Called patient recheck") + Array(repeating: .left, count: 7)
            + Self.typed("for ") + [.end, .enter]
        let effects = DashboardFixture.press(keys, on: &state)
        #expect(effects.contains(.perform(ActionRequest(taskID: 42, action: .close(.reached, note: "Called patient for recheck")))))
    }
}
