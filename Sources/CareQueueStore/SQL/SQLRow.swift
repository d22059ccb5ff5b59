import Foundation
import GRDB

/// One result row with its columns in order, whichever engine read it.
///
/// Values are GRDB's `DatabaseValue`, so the conversions (`Int64`, `String`, `Data`, `Bool`, …) are
/// SQLite's everywhere; the PostgreSQL side reads its cells into the same five storage classes.
struct SQLRow: Sendable {
    private let names: [String]
    private let cells: [DatabaseValue]

    init(names: [String], cells: [DatabaseValue]) {
        precondition(names.count == cells.count)
        self.names = names
        self.cells = cells
    }

    init(_ row: Row) {
        var names: [String] = []
        var cells: [DatabaseValue] = []
        names.reserveCapacity(row.count)
        cells.reserveCapacity(row.count)
        for (name, value) in row {
            names.append(name)
            cells.append(value)
        }
        self.init(names: names, cells: cells)
    }

    var count: Int { cells.count }

    /// The columns' names, in order.
    var columnNames: [String] { names }

    /// The raw value of column `index`.
    func databaseValue(at index: Int) -> DatabaseValue { cells[index] }

    /// The raw value of the first column named `name` (case-insensitive, as SQLite's names are); NULL when absent.
    func databaseValue(named name: String) -> DatabaseValue {
        if let index = names.firstIndex(of: name) ?? names.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
            return cells[index]
        }
        return .null
    }

    func hasColumn(_ name: String) -> Bool {
        names.contains { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T? { T.fromDatabaseValue(cells[index]) }

    @_disfavoredOverload
    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        Self.require(T.fromDatabaseValue(cells[index]), names[index])
    }

    subscript<T: DatabaseValueConvertible>(_ name: String) -> T? { T.fromDatabaseValue(databaseValue(named: name)) }

    @_disfavoredOverload
    subscript<T: DatabaseValueConvertible>(_ name: String) -> T {
        Self.require(T.fromDatabaseValue(databaseValue(named: name)), name)
    }

    private static func require<T>(_ value: T?, _ column: String) -> T {
        guard let value else { fatalError("column \(column) is NULL or not a \(T.self)") }
        return value
    }
}

extension SQLRow {
    /// Records read their columns by GRDB `Column` names, whichever engine fetched the row.
    subscript<T: DatabaseValueConvertible>(_ column: Column) -> T? { self[column.name] }

    @_disfavoredOverload
    subscript<T: DatabaseValueConvertible>(_ column: Column) -> T { self[column.name] }
}
