import GRDB
import Testing

@testable import FeedStore

/// The writer's poll-record statements, kept for the connection that prepared them.
@Suite struct PollStatementsTests {
    private static func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
        return queue
    }

    @Test func eachStatementIsPreparedOnceAndKeptForTheNextUse() throws {
        let statements = PollStatements()
        try Self.queue().write { db in
            let update = try statements.update(db)
            let state = try statements.state(db)
            let log = try statements.insertLog(db)
            #expect(update.sql == PollRecordSQL.update)
            #expect(state.sql == PollRecordSQL.state)
            #expect(log.sql == PollRecordSQL.insertLog)
            #expect(try statements.update(db) === update)
            #expect(try statements.state(db) === state)
            #expect(try statements.insertLog(db) === log)
        }
    }

    @Test func anotherConnectionGetsStatementsPreparedOnItself() throws {
        let statements = PollStatements()
        let first = try Self.queue()
        let second = try Self.queue()
        let kept = try first.write { db in try statements.update(db) }
        try second.write { db in
            let other = try statements.update(db)
            #expect(other !== kept)
            // Prepared on this connection, through GRDB's cache: it runs here.
            #expect(other === (try db.cachedStatement(sql: PollRecordSQL.update)))
        }
        #expect(try first.write { db in try statements.update(db) } === kept)
    }
}
