/// One terminal cell: a grapheme cluster and the style role it is drawn in.
///
/// A wide character (患) occupies its cell and the next; the next cell is a *continuation*: empty
/// text, the same role, never drawn on its own.
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster shown in the cell; "" for the right half of a wide character.
    public var text: String
    public var role: StyleRole

    public init(_ text: String, role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }

    /// The right half of a wide character.
    public static func continuation(_ role: StyleRole) -> Cell { Cell("", role: role) }

    /// A space in the `normal` role.
    public static let blank = Cell(" ")

    public var isContinuation: Bool { text.isEmpty }
}
