import Foundation
import CareQueueTUI

/// The text form of a `CellGrid` that snapshot files hold:
///
/// ```
/// CellGrid 12x2
/// |Müller 患者 |
/// |            |
/// roles:
/// row 0: 0-6 header, 7-11 queue.selected
/// row 1: 0-11 normal
/// ```
///
/// Character lines are framed by `|` so trailing spaces survive editors; a wide character shows
/// once and covers two columns. Role runs give inclusive column ranges.
enum SnapshotFormat {
    static func serialize(_ grid: CellGrid) -> String {
        var lines = ["CellGrid \(grid.width)x\(grid.height)"]
        for y in 0..<grid.height { lines.append("|" + grid.text(row: y) + "|") }
        lines.append("roles:")
        for y in 0..<grid.height {
            let runs = roleRuns(grid.row(y)).map { "\($0.start)-\($0.end) \($0.role)" }
            lines.append("row \(y): " + runs.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The grid a snapshot describes, or where the text stops being one.
    static func parse(_ text: String) -> Result<CellGrid, SnapshotParseError> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first, header.hasPrefix("CellGrid "),
              let size = parseSize(String(header.dropFirst("CellGrid ".count))) else {
            return .failure(SnapshotParseError(line: 1, message: "expected 'CellGrid WxH'"))
        }
        guard lines.count == 2 + 2 * size.height, lines[1 + size.height] == "roles:" else {
            return .failure(SnapshotParseError(line: 1, message: "expected \(size.height) framed lines, 'roles:' and \(size.height) role lines"))
        }
        var grid = CellGrid(size: size)
        for y in 0..<size.height {
            let framed = lines[1 + y]
            guard framed.count >= 2, framed.first == "|", framed.last == "|" else {
                return .failure(SnapshotParseError(line: 2 + y, message: "a character line must be framed by '|'"))
            }
            let roleLine = lines[2 + size.height + y]
            guard let roles = parseRoles(roleLine, row: y, width: size.width) else {
                return .failure(SnapshotParseError(line: 2 + size.height + y + 1, message: "bad role runs '\(roleLine)'"))
            }
            var x = 0
            for character in framed.dropFirst().dropLast() {
                guard x < size.width else {
                    return .failure(SnapshotParseError(line: 2 + y, message: "line wider than \(size.width) cells"))
                }
                x = grid.put(String(character), x: x, y: y, role: roles[x], ellipsis: false)
            }
            guard x == size.width else {
                return .failure(SnapshotParseError(line: 2 + y, message: "line is \(x) cells wide, not \(size.width)"))
            }
        }
        return .success(grid)
    }

    private static func roleRuns(_ row: ArraySlice<Cell>) -> [(start: Int, end: Int, role: StyleRole)] {
        var runs: [(start: Int, end: Int, role: StyleRole)] = []
        for (offset, cell) in row.enumerated() {
            if let last = runs.last, last.role == cell.role {
                runs[runs.count - 1].end = offset
            } else {
                runs.append((offset, offset, cell.role))
            }
        }
        return runs
    }

    private static func parseSize(_ text: String) -> GridSize? {
        let parts = text.split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        return GridSize(width: width, height: height)
    }

    /// One role per column from "row 3: 0-11 header, 12-79 queue.selected".
    private static func parseRoles(_ line: String, row: Int, width: Int) -> [StyleRole]? {
        let prefix = "row \(row): "
        guard line.hasPrefix(prefix) else { return nil }
        var roles: [StyleRole] = []
        for run in line.dropFirst(prefix.count).split(separator: ",") {
            let parts = run.trimmingCharacters(in: .whitespaces).split(separator: " ")
            let bounds = parts.first?.split(separator: "-") ?? []
            guard parts.count == 2, bounds.count == 2, let start = Int(bounds[0]), let end = Int(bounds[1]),
                  start == roles.count, end >= start else { return nil }
            roles += Array(repeating: StyleRole(String(parts[1])), count: end - start + 1)
        }
        return roles.count == width ? roles : nil
    }
}

struct SnapshotParseError: Error, Equatable {
    var line: Int
    var message: String
}
