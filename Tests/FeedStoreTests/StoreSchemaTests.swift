import Foundation
import GRDB
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
                old, upTo: "v2: the scheduler's state per source, the extractor version per revision")
            try old.write { db in
                try db.execute(sql: "INSERT INTO source (id, name, url) VALUES (1, 'kyiv', 'https://k/'), (2, 'rome', 'https://r/')")
                // (status, error, new, revised, duplicate), oldest first.
                let polls: [(Int64, Int?, String?, Int, Int, Int)] = [
                    (1, 200, nil, 5, 0, 0), (1, 304, nil, 0, 0, 0), (1, 304, nil, 0, 0, 0), (1, nil, "timed out", 0, 0, 0),
                    (1, 503, nil, 0, 0, 0), (1, 200, "not a feed", 0, 0, 0), (1, 200, nil, 2, 1, 3),
                ]
                for (index, poll) in polls.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO fetch_log (source_id, fetched_at, url, status, error, bytes, duration_ms, items, new,
                            revised, duplicate, near_duplicate) VALUES (?, ?, 'https://k/', ?, ?, 0, 1, 0, ?, ?, ?, 0)
                        """, arguments: [poll.0, Double(index), poll.1, poll.2, poll.3, poll.4, poll.5])
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
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fetch_log'")
        }
        #expect(indexes == ["fetch_log_by_time"])
    }
}
