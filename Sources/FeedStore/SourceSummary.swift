import Foundation
import GRDB

/// A source as `feedwatch status` shows it: its stored state with counts of its items and polls.
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
            var summaries: [SourceSummary] = []
            // The state's columns come first, as SourceState reads them; the counts follow.
            let counts = SourceState.columnCount
            try StatementRun(
                db.makeStatement(
                    sql: """
                        SELECT \(SourceState.columns),
                            (SELECT count(*) FROM item WHERE item.source_id = source.id) AS item_count,
                            polls_ok, polls_not_modified, polls_failed, last_new, last_revised, last_duplicate
                        FROM source
                        ORDER BY source.name
                        """
                ),
                in: db
            ).run { row in
                summaries.append(
                    SourceSummary(
                        state: SourceState(row),
                        items: row.int(counts) ?? 0,
                        status200: row.int(counts + 1) ?? 0,
                        status304: row.int(counts + 2) ?? 0,
                        failures: row.int(counts + 3) ?? 0,
                        lastNew: row.int(counts + 4),
                        lastRevised: row.int(counts + 5),
                        lastDuplicate: row.int(counts + 6)
                    )
                )
            }
            return summaries
        }
    }
}
