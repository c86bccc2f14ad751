import Foundation
import GRDB
import Testing

@testable import FeedStore

/// Statements bound and stepped through SQLite's own calls, on GRDB's connection.
@Suite struct StatementRunTests {
    private static func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (s TEXT, i INTEGER, d REAL, b INTEGER CHECK (b IN (0, 1)))")
        }
        return queue
    }

    @Test func valuesAndNullsGoInAndComeBackOut() throws {
        try Self.queue().write { db in
            var insert = try StatementRun(
                db.makeStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?), (?, ?, ?, ?)"),
                in: db
            )
            insert.bind("Київ ✓")
            insert.bind(Int?(-7))
            insert.bind(Double?(1_700_000_000.5))
            insert.bind(true)
            insert.bind(String?.none)
            insert.bind(Int?.none)
            insert.bind(Double?.none)
            insert.bind(false)
            try insert.run()
            var rows: [String] = []
            try StatementRun(db.makeStatement(sql: "SELECT s, i, d, b FROM t ORDER BY rowid"), in: db).run { row in
                rows.append(
                    "\(row.string(0) ?? "nil") \(row.int(1).map(String.init) ?? "nil") "
                        + "\(row.date(2)?.timeIntervalSince1970.description ?? "nil") \(row.int(3) ?? -1)"
                )
            }
            #expect(rows == ["Київ ✓ -7 1700000000.5 1", "nil nil nil 0"])
        }
    }

    /// An empty string is text, not NULL; a string Swift holds without a terminating NUL goes in whole.
    @Test func anEmptyStringIsBoundAsEmptyText() throws {
        try Self.queue().write { db in
            var insert = try StatementRun(db.makeStatement(sql: "INSERT INTO t (s) VALUES (?), (?), (?)"), in: db)
            insert.bind("")
            insert.bind(String?(""))
            insert.bind(String("ab✓cd".utf8.dropFirst()))
            try insert.run()
            var rows: [String] = []
            try StatementRun(db.makeStatement(sql: "SELECT s IS NULL, length(s), s FROM t ORDER BY rowid"), in: db)
                .run { row in rows.append("\(row.int(0) ?? -1) \(row.int(1) ?? -1) \(row.string(2) ?? "nil")") }
            #expect(rows == ["0 0 ", "0 0 ", "0 4 b✓cd"])
        }
    }

    @Test func aFailedStepThrowsWithItsSQLAndTheStatementRunsAgain() throws {
        try Self.queue().write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO t (b) VALUES (?)")
            var refused = StatementRun(statement, in: db)
            refused.bind(Int?(5))
            do {
                try refused.run()
                Issue.record("a value the CHECK refuses was inserted")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_CONSTRAINT)
                #expect(error.sql == "INSERT INTO t (b) VALUES (?)")
            }
            // sqlite3_reset would report the old error again; the next run must not inherit it.
            var accepted = StatementRun(statement, in: db)
            accepted.bind(Int?(1))
            try accepted.run()
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 1)
        }
    }

    @Test func aRowHandlerThatThrowsLeavesNoReadOpen() throws {
        struct Stop: Error {}
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try DatabaseQueue(path: path)
        try reader.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER)")
            try db.execute(sql: "INSERT INTO t (i) VALUES (1), (2), (3)")
        }
        _ = reader.inDatabase { db in
            #expect(throws: Stop.self) {
                try StatementRun(db.cachedStatement(sql: "SELECT i FROM t ORDER BY i"), in: db).run { _ in throw Stop()
                }
            }
        }
        // A statement left mid-step would keep its shared lock on the file, and this write could not commit.
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in try db.execute(sql: "INSERT INTO t (i) VALUES (4)") }
        #expect(try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 4)
    }
}
