public import Foundation
import GRDB

/// A source as `feedwatch status` shows it: its stored state with counts from its items and fetch log.
public struct SourceSummary: Sendable, Hashable {
    /// The stored state (health, last poll, next poll and why…).
    public var state: SourceState
    /// Stories stored for the source.
    public var items: Int
    /// Polls answered 2xx (or a path read) that succeeded; a 200 whose body was not a feed is a failure.
    public var status200: Int
    /// Polls answered 304.
    public var status304: Int
    /// Polls that failed.
    public var failures: Int
    /// The last poll's counts of new, revised and duplicate items, if it was logged.
    public var lastNew: Int?
    public var lastRevised: Int?
    public var lastDuplicate: Int?
}

extension FeedStore {
    /// Every source with its counts, by name.
    public func sourceSummaries() throws(StoreError) -> [SourceSummary] {
        try read(operation: "read source summaries") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SourceState.columns),
                    (SELECT count(*) FROM item WHERE item.source_id = source.id) AS item_count,
                    (SELECT count(*) FROM fetch_log f WHERE f.source_id = source.id AND f.status BETWEEN 200 AND 299 AND f.error IS NULL) AS ok,
                    (SELECT count(*) FROM fetch_log f WHERE f.source_id = source.id AND f.status = 304) AS not_modified,
                    (SELECT count(*) FROM fetch_log f WHERE f.source_id = source.id
                        AND (f.error IS NOT NULL OR f.status IS NULL OR f.status >= 400)) AS failed,
                    last.new AS last_new, last.revised AS last_revised, last.duplicate AS last_duplicate
                FROM source
                LEFT JOIN fetch_log last ON last.id = (SELECT max(id) FROM fetch_log WHERE source_id = source.id)
                ORDER BY source.name
                """).map { row in
                SourceSummary(
                    state: SourceState(row), items: row["item_count"], status200: row["ok"],
                    status304: row["not_modified"], failures: row["failed"], lastNew: row["last_new"],
                    lastRevised: row["last_revised"], lastDuplicate: row["last_duplicate"])
            }
        }
    }
}
