import FeedCore
import Foundation
import GRDB

extension FeedStore {
    /// Commits everything one poll learned — its items, the source's new state and its fetch-log row — in
    /// one `IMMEDIATE` transaction, and says what each item turned out to be. On any error nothing is written.
    public func ingest(_ poll: PollResult) throws(StoreError) -> IngestCounts {
        try writeImmediate(operation: "ingest poll of source '\(poll.sourceName)'") { db in
            var source = try SourceRow.upsert(db, name: poll.sourceName, url: poll.sourceURL, tags: poll.sourceTags)
            var counts = IngestCounts()
            if !poll.items.isEmpty {
                let decision = try IdentityPolicy.decide(db, source: source, items: poll.items)
                if let change = decision {
                    counts.identityChange = change
                    source.identityMode = change.to
                    try db.execute(
                        sql: "UPDATE source SET identity_mode = ?, identity_reason = ? WHERE id = ?",
                        arguments: [change.to.rawValue, change.reason, source.id])
                }
                let writer = ItemWriter(db: db, source: source, fetchedAt: poll.fetchedAt.timeIntervalSince1970)
                for item in poll.items {
                    try writer.ingest(item, into: &counts)
                }
            }
            try source.recordPoll(db, poll, counts: counts)
            return counts
        }
    }
}

/// Decides, item by item, new / revised / duplicate / near-duplicate, and writes what that implies.
struct ItemWriter {
    let db: Database
    let source: SourceRow
    let fetchedAt: Double

    /// Stories must have at least this many word shingles to take part in near-duplicate matching:
    /// below it (a bare title, "Live updates") unrelated stories share SimHashes.
    static let minimumShingles = 8

    func ingest(_ item: Item, into counts: inout IngestCounts) throws {
        let linkKey = item.link.map(URLResolution.normalisedLink)
        let key = IdentityPolicy.key(for: item, linkKey: linkKey, mode: source.identityMode)
        if let existing = try findStory(key: key, linkKey: linkKey, contentHash: item.contentHash) {
            let sameContent = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM revision WHERE item_id = ? AND content_hash = ?)"),
                arguments: [existing.id, item.contentHash]) ?? false
            // Any earlier version counts, not just the latest: a feed flapping between two versions
            // (two CDN nodes, an A/B test) must not append a revision on every poll.
            if sameContent {
                counts.duplicate += 1
            } else {
                try appendRevision(item, to: existing)
                counts.revised += 1
            }
            return
        }
        if try isTombstoned(key: key, linkKey: linkKey, contentHash: item.contentHash) {
            counts.duplicate += 1
            counts.pruned += 1
            return
        }
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM sighting WHERE source_id = ? AND identity = ?)"),
            arguments: [source.id, key]) ?? false
        {
            counts.duplicate += 1
            return
        }
        if let original = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT item_id FROM revision WHERE content_hash = ? LIMIT 1"),
            arguments: [item.contentHash])
        {
            try db.cachedStatement(sql: """
                INSERT INTO sighting (item_id, source_id, identity, link, content_hash, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [original, source.id, key, item.link, item.contentHash, fetchedAt])
            counts.duplicate += 1
            counts.sightings += 1
            return
        }
        let fingerprint = SimHash.fingerprint(title: item.title, text: item.contentText ?? item.summary)
        let eligible = fingerprint.shingles >= Self.minimumShingles
        let near = eligible ? try NearDuplicateIndex.nearest(db, to: fingerprint.value) : nil
        let clusterID: Int64
        if let near {
            clusterID = near.clusterID
            counts.nearDuplicate += 1
        } else {
            try db.cachedStatement(sql: "INSERT INTO cluster DEFAULT VALUES").execute()
            clusterID = db.lastInsertedRowID
            counts.new += 1
        }
        try db.cachedStatement(sql: """
            INSERT INTO item (source_id, identity, link, link_key, first_seen_at, revision_count, cluster_id)
            VALUES (?, ?, ?, ?, ?, 0, ?)
            """).execute(arguments: [source.id, key, item.link, linkKey, fetchedAt, clusterID])
        let story = StoryRef(id: db.lastInsertedRowID, revisionCount: 0, latestRevisionID: nil)
        try appendRevision(item, to: story, fingerprint: fingerprint)
        var tags = Set<String>()
        for tag in item.categories where tags.insert(tag).inserted {
            try db.cachedStatement(sql: "INSERT INTO item_tag (item_id, tag) VALUES (?, ?)")
                .execute(arguments: [story.id, tag])
        }
    }

    /// The stored story an item is a version of, under the source's identity mode.
    private func findStory(key: String, linkKey: String?, contentHash: String) throws -> StoryRef? {
        let byKey = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, revision_count, latest_revision_id FROM item WHERE source_id = ? AND identity = ?
                """), arguments: [source.id, key])
        if let byKey { return StoryRef(byKey) }
        switch source.identityMode {
        case .guid:
            return nil
        case .link:
            // Stories stored before the source fell back to links are still keyed by their GUIDs.
            guard let linkKey else { return nil }
            return try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT id, revision_count, latest_revision_id FROM item WHERE source_id = ? AND link_key = ?
                    ORDER BY id DESC LIMIT 1
                    """), arguments: [source.id, linkKey]
            ).map(StoryRef.init)
        case .content:
            return try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT item.id, item.revision_count, item.latest_revision_id FROM revision
                    JOIN item ON item.id = revision.item_id
                    WHERE revision.content_hash = ? AND item.source_id = ? LIMIT 1
                    """), arguments: [contentHash, source.id]
            ).map(StoryRef.init)
        }
    }

    private func isTombstoned(key: String, linkKey: String?, contentHash: String) throws -> Bool {
        if try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM tombstone WHERE source_id = ? AND (identity = ? OR content_hash = ?))
                """), arguments: [source.id, key, contentHash]) ?? false
        {
            return true
        }
        guard source.identityMode == .link, let linkKey else { return false }
        return try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tombstone WHERE source_id = ? AND link_key = ?)"),
            arguments: [source.id, linkKey]) ?? false
    }

    /// Appends the next revision of a story, moves the search index to it, and indexes its SimHash.
    private func appendRevision(_ item: Item, to story: StoryRef, fingerprint known: SimHash.Fingerprint? = nil) throws {
        let text = item.contentText ?? item.summary
        let fingerprint = known ?? SimHash.fingerprint(title: item.title, text: text)
        let number = story.revisionCount + 1
        try db.cachedStatement(sql: """
            INSERT INTO revision (item_id, number, content_hash, title, authors, categories, published, updated,
                                  summary, text, html, language, simhash, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                story.id, number, item.contentHash, item.title, JSONText.array(item.authors),
                JSONText.array(item.categories), item.published?.instant.timeIntervalSince1970,
                item.updated?.instant.timeIntervalSince1970, item.summary, text, item.contentHTML, item.language,
                Int64(bitPattern: fingerprint.value), fetchedAt,
            ])
        let revisionID = db.lastInsertedRowID
        if let previous = story.latestRevisionID {
            // External-content FTS5: removing a row needs the exact values it was indexed with.
            try db.cachedStatement(sql: """
                INSERT INTO revision_search (revision_search, rowid, title, text)
                SELECT 'delete', id, title, text FROM revision WHERE id = ?
                """).execute(arguments: [previous])
        }
        try db.cachedStatement(sql: "INSERT INTO revision_search (rowid, title, text) VALUES (?, ?, ?)")
            .execute(arguments: [revisionID, item.title, text])
        try db.cachedStatement(sql: "UPDATE item SET revision_count = ?, latest_revision_id = ? WHERE id = ?")
            .execute(arguments: [number, revisionID, story.id])
        if fingerprint.shingles >= Self.minimumShingles {
            try NearDuplicateIndex.add(db, itemID: story.id, simhash: fingerprint.value)
        }
    }
}

/// The columns of a stored story that ingest needs.
struct StoryRef {
    let id: Int64
    let revisionCount: Int
    let latestRevisionID: Int64?

    init(id: Int64, revisionCount: Int, latestRevisionID: Int64?) {
        self.id = id
        self.revisionCount = revisionCount
        self.latestRevisionID = latestRevisionID
    }

    init(_ row: Row) {
        id = row[0]
        revisionCount = row[1]
        latestRevisionID = row[2]
    }
}
