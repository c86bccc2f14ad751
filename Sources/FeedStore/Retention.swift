public import Foundation
import GRDB

/// How long a source's stories are kept.
public struct RetentionPolicy: Sendable, Hashable {
    /// Stories first seen longer ago than this are pruned.
    public var maximumAge: Duration?
    /// Only this many of the source's newest stories are kept.
    public var maximumItems: Int?

    /// Creates a policy; nil keeps forever.
    public init(maximumAge: Duration? = nil, maximumItems: Int? = nil) {
        self.maximumAge = maximumAge
        self.maximumItems = maximumItems
    }
}

/// What one ``FeedStore/prune(source:policy:now:batchSize:)`` removed.
public struct PruneReport: Sendable, Hashable {
    /// Stories removed, with all their revisions.
    public var stories = 0
    /// Revisions removed.
    public var revisions = 0
    /// Write transactions used.
    public var batches = 0
}

extension FeedStore {
    /// Removes the source's stories that `policy` no longer keeps, `batchSize` stories per transaction.
    ///
    /// A story goes whole — every revision, its search entry, SimHash bands, tags and sightings — so no
    /// revision chain is ever cut; its cluster row stays, so the near-duplicates that remain stay linked.
    /// Each removed identity, link and content hash (and each sighting's) becomes a tombstone, so a story
    /// still in the feed is counted as a duplicate rather than stored again as new. Each batch is its own
    /// short transaction: the daemon's polls get the write lock between batches.
    public func prune(
        source: String,
        policy: RetentionPolicy,
        now: Date,
        batchSize: Int = 100
    ) throws(StoreError) -> PruneReport {
        var report = PruneReport()
        guard policy.maximumAge != nil || policy.maximumItems != nil else { return report }
        while true {
            let (stories, revisions) = try writeImmediate(operation: "prune source '\(source)'") { db -> (Int, Int) in
                guard
                    let sourceID = try Int64.fetchOne(
                        db,
                        sql: "SELECT id FROM source WHERE name = ?",
                        arguments: [source]
                    )
                else { return (0, 0) }
                let ids = try Self.expired(db, sourceID: sourceID, policy: policy, now: now, limit: batchSize)
                var revisions = 0
                for id in ids {
                    revisions += try Self.remove(db, itemID: id, sourceID: sourceID, at: now.timeIntervalSince1970)
                }
                return (ids.count, revisions)
            }
            if stories == 0 { return report }
            report.stories += stories
            report.revisions += revisions
            report.batches += 1
        }
    }

    /// Up to `limit` stories of the source past the policy's age or count, oldest first.
    private static func expired(
        _ db: Database,
        sourceID: Int64,
        policy: RetentionPolicy,
        now: Date,
        limit: Int
    ) throws -> [Int64] {
        var ids: [Int64] = []
        if let age = policy.maximumAge {
            let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
            ids += try Int64.fetchAll(
                db,
                sql: "SELECT id FROM item WHERE source_id = ? AND first_seen_at < ? ORDER BY first_seen_at, id LIMIT ?",
                arguments: [sourceID, now.timeIntervalSince1970 - seconds, limit]
            )
        }
        if let keep = policy.maximumItems, ids.count < limit {
            let beyond = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM (SELECT id, first_seen_at FROM item WHERE source_id = ?
                                    ORDER BY first_seen_at DESC, id DESC LIMIT -1 OFFSET ?)
                    ORDER BY first_seen_at, id LIMIT ?
                    """,
                arguments: [sourceID, keep, limit]
            )
            let already = Set(ids)
            ids += beyond.filter { !already.contains($0) }.prefix(limit - ids.count)
        }
        return ids
    }

    /// Tombstones and deletes one story; returns how many revisions it had.
    private static func remove(_ db: Database, itemID: Int64, sourceID: Int64, at seconds: Double) throws -> Int {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO tombstone (source_id, identity, link_key, content_hash, pruned_at)
                SELECT item.source_id, item.identity, item.link_key, revision.content_hash, ?
                FROM item JOIN revision ON revision.item_id = item.id WHERE item.id = ?
                """,
            arguments: [seconds, itemID]
        )
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO tombstone (source_id, identity, link_key, content_hash, pruned_at)
                SELECT source_id, identity, NULL, content_hash, ? FROM sighting WHERE item_id = ?
                """,
            arguments: [seconds, itemID]
        )
        // External-content FTS5 forgets a row only when given the values it indexed.
        try db.execute(
            sql: """
                INSERT INTO revision_search (revision_search, rowid, title, text)
                SELECT 'delete', revision.id, revision.title, revision.text FROM item JOIN revision
                ON revision.id = item.latest_revision_id WHERE item.id = ?
                """,
            arguments: [itemID]
        )
        try db.execute(sql: "DELETE FROM simhash_band WHERE item_id = ?", arguments: [itemID])
        try db.execute(sql: "DELETE FROM item_tag WHERE item_id = ?", arguments: [itemID])
        try db.execute(sql: "DELETE FROM sighting WHERE item_id = ?", arguments: [itemID])
        try db.execute(sql: "DELETE FROM revision WHERE item_id = ?", arguments: [itemID])
        let revisions = db.changesCount
        try db.execute(sql: "DELETE FROM item WHERE id = ?", arguments: [itemID])
        return revisions
    }
}
