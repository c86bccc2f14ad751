public import Foundation
import GRDB

extension FeedStore {
    /// Deletes the fetch-log rows of polls made before `cutoff` and returns how many went.
    ///
    /// The log gains a row per poll (5,000 sources polled every 15 minutes: 480,000 a day); stories, sources
    /// and their poll counts are not touched. Rows go `batchSize` at a time, oldest first through the log's
    /// index on `fetched_at`, each batch its own short transaction, so the daemon's polls get the write lock
    /// between batches.
    public func pruneFetchLog(before cutoff: Date, batchSize: Int = 10_000) throws(StoreError) -> Int {
        var deleted = 0
        while true {
            let count = try writeImmediate(operation: "prune the fetch log") { db -> Int in
                try db.execute(
                    sql: """
                        DELETE FROM fetch_log WHERE id IN
                            (SELECT id FROM fetch_log WHERE fetched_at < ? ORDER BY fetched_at LIMIT ?)
                        """,
                    arguments: [cutoff.timeIntervalSince1970, batchSize]
                )
                return db.changesCount
            }
            deleted += count
            if count < batchSize { return deleted }
        }
    }
}
