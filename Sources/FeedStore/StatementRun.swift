import Foundation
import GRDB
internal import GRDBSQLite

/// One execution of a prepared statement through SQLite's own bind, step and column calls.
///
/// The daemon records thousands of polls a minute, each binding two dozen values and reading a source's state
/// back: GRDB's `StatementArguments` box every value in an existential and its `Row` checks every column
/// read, which together cost more than SQLite's executing the statements. GRDB still prepares and caches the
/// statement (``Database/cachedStatement(sql:)``) and owns the connection; a statement run here is bound and
/// stepped only here, so GRDB never sees arguments it did not set.
struct StatementRun: ~Copyable {
    private let statement: Statement
    private let database: Database
    private var parameter: CInt = 0

    /// Resets `statement` (prepared on `database`) for a new set of values.
    init(_ statement: Statement, in database: Database) {
        self.statement = statement
        self.database = database
        // What sqlite3_reset returns is the last step's error, already thrown by the run that met it.
        sqlite3_reset(statement.sqliteStatement)
    }

    /// Binds the next parameter (NULL for nil).
    mutating func bind(_ value: String?) {
        parameter += 1
        guard var value else { return bindNull() }
        // SQLITE_TRANSIENT: SQLite copies the bytes, which live only for this call. The bytes go with their count,
        // not as a C string, which Swift would copy out of any string it does not hold NUL-terminated itself.
        value.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { text in
                // An empty buffer may have no address, which SQLite would bind as NULL.
                let empty = UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
                return sqlite3_bind_text(
                    statement.sqliteStatement,
                    parameter,
                    text.baseAddress ?? empty,
                    CInt(text.count),
                    Self.transient
                )
            }
        }
    }

    /// Binds the next parameter (NULL for nil).
    mutating func bind(_ value: Int?) {
        parameter += 1
        guard let value else { return bindNull() }
        sqlite3_bind_int64(statement.sqliteStatement, parameter, Int64(value))
    }

    /// Binds the next parameter.
    mutating func bind(_ value: Int64) {
        parameter += 1
        sqlite3_bind_int64(statement.sqliteStatement, parameter, value)
    }

    /// Binds the next parameter (NULL for nil).
    mutating func bind(_ value: Double?) {
        parameter += 1
        guard let value else { return bindNull() }
        sqlite3_bind_double(statement.sqliteStatement, parameter, value)
    }

    /// Binds the next parameter as 0 or 1, as SQLite stores booleans.
    mutating func bind(_ value: Bool) {
        bind(Int64(value ? 1 : 0))
    }

    private func bindNull() {
        sqlite3_bind_null(statement.sqliteStatement, parameter)
    }

    /// Steps the statement to its end, handing each row to `row` while it is current; it consumes the run, so
    /// a statement is never left half-stepped inside a transaction.
    consuming func run(_ row: (borrowing StatementColumns) throws -> Void = { _ in }) throws {
        precondition(
            parameter == sqlite3_bind_parameter_count(statement.sqliteStatement),
            "bound \(parameter) of \(sqlite3_bind_parameter_count(statement.sqliteStatement)) parameters of `\(statement.sql.prefix(60))`"
        )
        let columns = StatementColumns(statement.sqliteStatement)
        while true {
            switch sqlite3_step(statement.sqliteStatement) {
            case SQLITE_ROW:
                do {
                    try row(columns)
                } catch {
                    sqlite3_reset(statement.sqliteStatement)
                    throw error
                }
            case SQLITE_DONE: return
            case let code:
                let error = DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: database.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
                    sql: statement.sql
                )
                // Reset at once, as after a row that threw: a statement left mid-step keeps its read of the database.
                sqlite3_reset(statement.sqliteStatement)
                throw error
            }
        }
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}

/// The columns of the row a ``StatementRun`` is on, read by index.
struct StatementColumns: ~Copyable {
    private let statement: OpaquePointer

    fileprivate init(_ statement: OpaquePointer) {
        self.statement = statement
    }

    /// The column as text, nil when NULL.
    func string(_ index: CInt) -> String? {
        guard let text = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as an integer, nil when NULL.
    func int(_ index: CInt) -> Int? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, index))
    }

    /// The column as a date stored as seconds since 1970, nil when NULL.
    func date(_ index: CInt) -> Date? {
        sqlite3_column_type(statement, index) == SQLITE_NULL
            ? nil : Date(timeIntervalSince1970: sqlite3_column_double(statement, index))
    }
}
