import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// Reads PostgreSQL's typed cells into the five storage classes the store's code already speaks.
enum PostgresRowReading {
    static func row(_ row: PostgresRow) throws -> SQLRow {
        var names: [String] = []
        var cells: [DatabaseValue] = []
        for cell in row {
            names.append(cell.columnName)
            cells.append(try value(cell))
        }
        return SQLRow(names: names, cells: cells)
    }

    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return try cell.decode(Int64.self).databaseValue
        case .bool:
            // SQLite answers a comparison with 0 or 1; so does the store on PostgreSQL.
            return Int64(try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .float4, .float8:
            return try cell.decode(Double.self).databaseValue
        case .numeric:
            // SUM over BIGINT is NUMERIC in PostgreSQL: whole numbers read as integers, as in SQLite.
            let decimal = try cell.decode(Decimal.self)
            if decimal == decimal.rounded(), let int = Int64(exactly: NSDecimalNumber(decimal: decimal).int64Value),
               Decimal(int) == decimal {
                return int.databaseValue
            }
            return NSDecimalNumber(decimal: decimal).doubleValue.databaseValue
        case .bytea:
            return try cell.decode(Data.self).databaseValue
        default:
            return try cell.decode(String.self).databaseValue
        }
    }
}

private extension Decimal {
    func rounded() -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .plain)
        return result
    }
}
