import GRDB
import Testing

@testable import FeedStore

/// The writer's poll-record statements, kept by row count for the connection that prepared them.
@Suite struct PollStatementsTests {
    private static func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
        return queue
    }

    @Test func eachRowCountHasItsOwnStatementKeptForTheNextUse() throws {
        let statements = PollStatements()
        try Self.queue().write { db in
            for rows in [1, 2, 4, 8, 16, 32] {
                let update = try statements.update(rows: rows, db)
                let log = try statements.insertLog(rows: rows, db)
                #expect(update.sql == PollRecordSQL.update(rows: rows))
                #expect(log.sql == PollRecordSQL.insertLog(rows: rows))
                #expect(try statements.update(rows: rows, db) === update)
                #expect(try statements.insertLog(rows: rows, db) === log)
            }
            #expect(try statements.update(rows: 4, db) !== statements.update(rows: 8, db))
        }
    }

    @Test func anotherConnectionGetsStatementsPreparedOnItself() throws {
        let statements = PollStatements()
        let first = try Self.queue()
        let second = try Self.queue()
        let kept = try first.write { db in try statements.update(rows: 2, db) }
        try second.write { db in
            let other = try statements.update(rows: 2, db)
            #expect(other !== kept)
            // Prepared on this connection, through GRDB's cache: it runs here.
            #expect(other === (try db.cachedStatement(sql: PollRecordSQL.update(rows: 2))))
        }
        #expect(try first.write { db in try statements.update(rows: 2, db) } === kept)
    }
}
