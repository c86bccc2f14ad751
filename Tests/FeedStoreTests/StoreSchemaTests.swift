import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import FeedStore

/// Migrations carry what a store already holds into the new schema.
@Suite struct StoreSchemaTests {
    /// v3 moved `status`'s poll counts from the fetch log into the source row: a store written before it keeps
    /// its counts, and its log loses the per-source index for one by time.
    @Test func pollCountsOfAnOlderStoreCarryOver() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(
                old,
                upTo: "v2: the scheduler's state per source, the extractor version per revision"
            )
            try old.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO source (id, name, url) VALUES (1, 'kyiv', 'https://k/'), (2, 'rome', 'https://r/')"
                )
                // (status, error, new, revised, duplicate), oldest first.
                let polls: [(Int64, Int?, String?, Int, Int, Int)] = [
                    (1, 200, nil, 5, 0, 0), (1, 304, nil, 0, 0, 0), (1, 304, nil, 0, 0, 0),
                    (1, nil, "timed out", 0, 0, 0),
                    (1, 503, nil, 0, 0, 0), (1, 200, "not a feed", 0, 0, 0), (1, 200, nil, 2, 1, 3),
                ]
                for (index, poll) in polls.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO fetch_log (source_id, fetched_at, url, status, error, bytes, duration_ms, items, new,
                                revised, duplicate, near_duplicate) VALUES (?, ?, 'https://k/', ?, ?, 0, 1, 0, ?, ?, ?, 0)
                            """,
                        arguments: [poll.0, Double(index), poll.1, poll.2, poll.3, poll.4, poll.5]
                    )
                }
            }
        }
        let store = try FeedStore(path: path)
        let summaries = try store.sourceSummaries()
        #expect(summaries.map(\.state.name) == ["kyiv", "rome"])
        let kyiv = summaries[0]
        #expect([kyiv.status200, kyiv.status304, kyiv.failures] == [2, 2, 3] as [Int])
        #expect([kyiv.lastNew, kyiv.lastRevised, kyiv.lastDuplicate] == [2, 1, 3] as [Int?])
        let rome = summaries[1]
        #expect([rome.status200, rome.status304, rome.failures] == [0, 0, 0] as [Int])
        #expect([rome.lastNew, rome.lastRevised, rome.lastDuplicate] == [nil, nil, nil] as [Int?])
        let indexes = try store.pool.read {
            try String.fetchAll(
                $0,
                sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fetch_log'"
            )
        }
        #expect(indexes == ["fetch_log_by_time"])
    }

    /// v4 rebuilt the source table to check `health` and `identity_mode` by comparisons: every row, the ids
    /// that other tables reference, and the checks themselves come through.
    @Test func sourcesOfAnOlderStoreCarryOverTheRebuild() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let before: [Row]
        do {
            let old = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v3: poll counts per source, the fetch log indexed by time")
            before = try old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO source (id, name, url, etag, health, identity_mode, identity_reason, polls_ok, hints)
                        VALUES (3, 'kyiv', 'https://k/', '"e1"', 'failing', 'link', 'guids repeat', 7, '{"ttl":60}'),
                               (9, 'rome', 'https://r/', NULL, 'healthy', 'guid', NULL, 0, NULL);
                        INSERT INTO source_tag (source_id, tag) VALUES (3, 'ua');
                        INSERT INTO fetch_log (source_id, fetched_at, url, status, bytes, duration_ms, items, new, revised,
                            duplicate, near_duplicate) VALUES (9, 1, 'https://r/', 304, 0, 1, 0, 0, 0, 0, 0);
                        """
                )
                return try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY id")
            }
        }
        let store = try FeedStore(path: path)
        try store.pool.write { db in
            let after = try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY id")
            #expect(after == before)
            let broken = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            #expect(broken.isEmpty)
            let kyivTags = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM source_tag JOIN source ON source.id = source_tag.source_id WHERE source.name = 'kyiv'
                    """
            )
            #expect(kyivTags == 1)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE source SET health = 'asleep' WHERE id = 9")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE source SET identity_mode = 'x' WHERE id = 9")
            }
        }
    }

    /// Recording a poll builds no temporary b-tree: with `health IN (…)` as its check, SQLite built one each time.
    @Test func recordingAPollNeedsNoTemporaryTable() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
        try queue.read { db in
            for sql in [PollRecordSQL.update, PollRecordSQL.state, PollRecordSQL.insertLog] {
                let explain = try db.makeStatement(sql: "EXPLAIN " + sql)
                let parameters = Int(sqlite3_bind_parameter_count(explain.sqliteStatement))
                explain.setUncheckedArguments(
                    StatementArguments(Array(repeating: DatabaseValue.null, count: parameters))
                )
                let opcodes: [String] = try Row.fetchAll(explain).map { $0["opcode"] }
                #expect(!opcodes.isEmpty)
                #expect(!opcodes.contains("OpenEphemeral"), "\(sql.prefix(40))")
            }
        }
    }

    /// The poll's UPDATE seeks its row by id, not through the name index.
    @Test func recordingAPollFindsTheRowByID() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
        try queue.read { db in
            let plan = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + PollRecordSQL.update)
            let parameters = Int(sqlite3_bind_parameter_count(plan.sqliteStatement))
            plan.setUncheckedArguments(StatementArguments(Array(repeating: DatabaseValue.null, count: parameters)))
            let details: [String] = try Row.fetchAll(plan).map { $0["detail"] }
            #expect(details == ["SEARCH source USING INTEGER PRIMARY KEY (rowid=?)"])
        }
    }
}
