import CareQueueCore
import Foundation
import GRDB

extension StoreError {
    /// Translates an error thrown by GRDB or the file system into a `StoreError` about `path`.
    public static func from(_ error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let databaseError = error as? DatabaseError else {
            return .sqlite(code: -1, message: String(describing: type(of: error)))
        }
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_NOTADB: return .notCareQueueDatabase(path: path)
        case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH: return .permissionDenied(path: path)
        case .SQLITE_CANTOPEN:
            return FileManager.default.fileExists(atPath: path) ? .permissionDenied(path: path) : .noDatabase(path: path)
        case .SQLITE_CONSTRAINT: return .constraint(databaseError.message ?? "constraint failed")
        default:
            return .sqlite(code: databaseError.extendedResultCode.rawValue, message: databaseError.message ?? "unknown")
        }
    }
}
