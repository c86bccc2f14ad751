import GRDB

/// The writer connection's poll-record statements, by row count.
///
/// GRDB's own statement cache finds a statement by hashing its SQL, which for a batch of 32 polls is kilobytes:
/// on every use, that cost as much as binding the statement. These are found by the row count's exponent.
// @unchecked Sendable: used only inside the store's write closures, which GRDB runs one at a time on the pool's
// one writer connection; the statements are kept with the connection they were prepared on and handed out for
// that connection only (any other goes through GRDB's cache).
final class PollStatements: @unchecked Sendable {
    private var connection: ObjectIdentifier?
    private var updates = [Statement?](repeating: nil, count: PollRecordSQL.rowCountSlots)
    private var logs = [Statement?](repeating: nil, count: PollRecordSQL.rowCountSlots)

    /// ``PollRecordSQL/update(rows:)``, prepared on `db`.
    func update(rows: Int, _ db: Database) throws -> Statement {
        try statement(&updates, rows: rows, db, sql: PollRecordSQL.update(rows:))
    }

    /// ``PollRecordSQL/insertLog(rows:)``, prepared on `db`.
    func insertLog(rows: Int, _ db: Database) throws -> Statement {
        try statement(&logs, rows: rows, db, sql: PollRecordSQL.insertLog(rows:))
    }

    private func statement(
        _ kept: inout [Statement?], rows: Int, _ db: Database, sql: (Int) -> String
    ) throws -> Statement {
        if connection == nil { connection = ObjectIdentifier(db) }
        guard connection == ObjectIdentifier(db) else { return try db.cachedStatement(sql: sql(rows)) }
        let slot = PollRecordSQL.slot(rows)
        if let statement = kept[slot] { return statement }
        let statement = try db.cachedStatement(sql: sql(rows))
        kept[slot] = statement
        return statement
    }
}
