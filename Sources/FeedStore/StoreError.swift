import Foundation
import GRDB

/// Why a store operation failed, naming the database file, the source and the operation involved.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// There is no database at the path and the store was opened for reading only.
    case noStore(path: String)
    /// The disk (or the database's size limit) is full; the operation was rolled back.
    case diskFull(path: String, operation: String)
    /// The operating system reported an I/O error; the operation was rolled back.
    case ioError(path: String, operation: String, message: String)
    /// Another process held the write lock for longer than the busy timeout.
    case busy(path: String, operation: String)
    /// Any other SQLite error.
    case database(path: String, operation: String, message: String)
    /// A write was attempted on a store opened for reading.
    case readOnly(path: String)
    /// A full-text query SQLite could not parse.
    case badSearchQuery(query: String, message: String)

    /// One line a user can act on: what failed, on which file, and what to do.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the store \(path): \(reason)"
        case .noStore(let path):
            "no store at \(path): pass --store PATH, or run the daemon once to create it"
        case .diskFull(let path, let operation):
            "\(operation): the disk holding \(path) is full (or the store reached its size limit); nothing of this "
                + "operation was written — free space and it will be retried"
        case .ioError(let path, let operation, let message):
            "\(operation): I/O error on \(path) (\(message)); nothing of this operation was written — check the disk"
        case .busy(let path, let operation):
            "\(operation): \(path) stayed locked by another writer past the busy timeout; is a second daemon running?"
        case .database(let path, let operation, let message):
            "\(operation): SQLite error on \(path): \(message)"
        case .readOnly(let path):
            "the store \(path) was opened read-only"
        case .badSearchQuery(let query, let message):
            "cannot search for '\(query)': \(message) (FTS5 syntax: words, \"phrases\", AND, OR, NOT, prefix*)"
        }
    }

    /// Maps an error thrown inside a store operation to a ``StoreError``.
    static func wrapping(_ error: any Error, path: String, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .database(path: path, operation: operation, message: "\(error)")
        }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_FULL: return .diskFull(path: path, operation: operation)
        case .SQLITE_IOERR:
            // SQLite reports ENOSPC during a write or an fsync as an I/O error with an extended code.
            return .ioError(path: path, operation: operation, message: message)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path, operation: operation)
        case .SQLITE_READONLY: return .readOnly(path: path)
        default:
            let sql = error.sql.map { " in `\($0.prefix(80))`" } ?? ""
            return .database(path: path, operation: operation, message: message + sql)
        }
    }
}
