import GRDB

/// The writer connection's poll-record statements (``PollRecordSQL``), prepared once.
///
/// GRDB's own statement cache finds a statement by hashing its SQL, a kilobyte for the update: on every poll,
/// that cost as much as binding the statements. These are kept by the connection they were prepared on.
// @unchecked Sendable: used only inside the store's write closures, which GRDB runs one at a time on the pool's
// one writer connection; the statements are kept with the connection they were prepared on and handed out for
// that connection only (any other goes through GRDB's cache).
final class PollStatements: @unchecked Sendable {
    private var connection: ObjectIdentifier?
    private var update: Statement?
    private var state: Statement?
    private var insertLog: Statement?

    /// ``PollRecordSQL/update``, prepared on `db`.
    func update(_ db: Database) throws -> Statement {
        try statement(&update, db, sql: PollRecordSQL.update)
    }

    /// ``PollRecordSQL/state``, prepared on `db`.
    func state(_ db: Database) throws -> Statement {
        try statement(&state, db, sql: PollRecordSQL.state)
    }

    /// ``PollRecordSQL/insertLog``, prepared on `db`.
    func insertLog(_ db: Database) throws -> Statement {
        try statement(&insertLog, db, sql: PollRecordSQL.insertLog)
    }

    private func statement(_ kept: inout Statement?, _ db: Database, sql: String) throws -> Statement {
        if connection == nil { connection = ObjectIdentifier(db) }
        guard connection == ObjectIdentifier(db) else { return try db.cachedStatement(sql: sql) }
        if let kept { return kept }
        let statement = try db.cachedStatement(sql: sql)
        kept = statement
        return statement
    }
}
