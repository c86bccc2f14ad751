import FeedCore
import Foundation
import GRDB

extension FeedStore {
    /// Commits everything one poll learned — its items, the source's new state and its fetch-log row — in
    /// one `IMMEDIATE` transaction, and says what each item turned out to be. On any error nothing is written.
    public func ingest(_ poll: PollResult) throws(StoreError) -> IngestCounts {
        try writeImmediate(operation: "ingest poll of source '\(poll.sourceName)'") { db in
            try Self.ingest(poll, db, statements: pollStatements).counts
        }
    }

    /// Commits several polls in one transaction — the daemon batches the polls that finished while the last
    /// batch was committing — so that every poll is still all-or-nothing: a poll that fails is rolled back alone
    /// and reported, the others commit. A failure of the disk (full, I/O error) or of the lock fails the whole
    /// batch, since SQLite may have rolled the transaction back already. Each result carries the source's state
    /// after its poll, read in the same transaction.
    ///
    /// Polls that brought no items (304, an unchanged body, a failure) are recorded a few dozen at a time inside
    /// one savepoint (``itemlessPollsPerSavepoint``); should that fail, they go one by one like the others, so the
    /// failing poll is found and rolled back alone.
    public func ingest(batch polls: [PollResult]) -> [Result<IngestOutcome, StoreError>] {
        guard access == .readWrite else { return polls.map { _ in .failure(.readOnly(path: path)) } }
        var results = [Result<IngestOutcome, StoreError>?](repeating: nil, count: polls.count)
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    // A source polled twice in one batch goes one by one, so its polls apply in order.
                    // By index, and by the fields needed: `for poll in polls` copies every poll whole.
                    var pollsOf: [String: Int] = [:]
                    for index in polls.indices { pollsOf[polls[index].sourceName, default: 0] += 1 }
                    let itemless = polls.indices.filter {
                        polls[$0].items.isEmpty && pollsOf[polls[$0].sourceName] == 1
                    }
                    var start = 0
                    while start < itemless.count {
                        let chunk = Array(itemless[start..<min(start + Self.itemlessPollsPerSavepoint, itemless.count)])
                        start += chunk.count
                        var recorded: [Int: SourceState] = [:]
                        do {
                            try Self.inPollSavepoint(db) {
                                recorded = try SourceRow.recordItemless(
                                    polls,
                                    at: chunk,
                                    db,
                                    statements: pollStatements
                                )
                            }
                        } catch {
                            let failure = StoreError.wrapping(
                                error,
                                path: path,
                                operation: "record \(chunk.count) polls"
                            )
                            switch failure {
                            case .diskFull, .ioError, .busy: throw failure
                            default: continue  // one by one below
                            }
                        }
                        for (offset, state) in recorded {
                            results[chunk[offset]] = .success(IngestOutcome(counts: IngestCounts(), state: state))
                        }
                    }
                    for index in polls.indices where results[index] == nil {
                        let poll = polls[index]
                        let operation = "ingest poll of source '\(poll.sourceName)'"
                        do {
                            var outcome: IngestOutcome?
                            try Self.inPollSavepoint(db) {
                                let ingested = try Self.ingest(poll, db, statements: pollStatements)
                                outcome = IngestOutcome(counts: ingested.counts, state: ingested.state)
                            }
                            results[index] =
                                outcome.map { .success($0) }
                                ?? .failure(
                                    .database(
                                        path: path,
                                        operation: operation,
                                        message: "savepoint produced no outcome"
                                    )
                                )
                        } catch {
                            let failure = StoreError.wrapping(error, path: path, operation: operation)
                            switch failure {
                            case .diskFull, .ioError, .busy: throw failure
                            default: results[index] = .failure(failure)
                            }
                        }
                    }
                    return .commit
                }
            }
        } catch {
            let failure = StoreError.wrapping(error, path: path, operation: "commit \(polls.count) polls")
            return polls.map { _ in .failure(failure) }
        }
        return results.map { $0! }
    }

    /// How many itemless polls share a savepoint: enough that its two statements are a small part of the cost, few
    /// enough that a failure costs little to redo one by one.
    static let itemlessPollsPerSavepoint = 32

    /// Runs `body` in a savepoint that is released when it returns and rolled back when it throws; the error
    /// thrown is `body`'s (a rollback that fails too means SQLite has ended the transaction, which the commit
    /// reports). GRDB's `inSavepoint` prepares its statements on every call; a batch of thousands of polls
    /// reuses cached ones.
    private static func inPollSavepoint(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "SAVEPOINT poll").execute()
        do {
            try body()
        } catch {
            try? db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT poll").execute()
            try? db.cachedStatement(sql: "RELEASE SAVEPOINT poll").execute()
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT poll").execute()
    }

    /// What ``ingest(_:)`` would do with the poll, item by item, without writing anything: the same code runs
    /// in a transaction that is rolled back (`feedwatch test`).
    public func trialIngest(_ poll: PollResult) throws(StoreError) -> (counts: IngestCounts, verdicts: [ItemVerdict]) {
        guard access == .readWrite else { throw .readOnly(path: path) }
        do {
            return try pool.writeWithoutTransaction { db in
                var result: (IngestCounts, [ItemVerdict])?
                try db.inTransaction(.immediate) {
                    let ingested = try Self.ingest(poll, db, statements: pollStatements)
                    result = (ingested.counts, ingested.verdicts)
                    return .rollback
                }
                return result!
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "trial ingest of source '\(poll.sourceName)'")
        }
    }

    private static func ingest(
        _ poll: PollResult,
        _ db: Database,
        statements: PollStatements
    ) throws
        -> (counts: IngestCounts, verdicts: [ItemVerdict], state: SourceState)
    {
        var source = try SourceRow.upsert(db, name: poll.sourceName, url: poll.sourceURL, tags: poll.sourceTags)
        var counts = IngestCounts()
        var verdicts: [ItemVerdict] = []
        if !poll.items.isEmpty {
            let decision = try IdentityPolicy.decide(db, source: source, items: poll.items)
            if let change = decision {
                counts.identityChange = change
                source.identityMode = change.to
                try db.execute(
                    sql: "UPDATE source SET identity_mode = ?, identity_reason = ? WHERE id = ?",
                    arguments: [change.to.rawValue, change.reason, source.id]
                )
            }
            let writer = ItemWriter(
                db: db,
                source: source,
                fetchedAt: poll.fetchedAt.timeIntervalSince1970,
                extractorVersion: poll.extractorVersion,
                feedHashes: poll.feedHashes
            )
            for item in poll.items {
                let verdict = try writer.ingest(item)
                counts.add(verdict.kind)
                verdicts.append(verdict)
            }
        }
        let state = try source.recordPoll(db, poll, counts: counts, statements: statements)
        return (counts, verdicts, state)
    }
}

/// Decides, item by item, new / revised / duplicate / near-duplicate, and writes what that implies.
struct ItemWriter {
    let db: Database
    let source: SourceRow
    let fetchedAt: Double
    let extractorVersion: Int?
    let feedHashes: [String: String]

    /// Stories must have at least this many word shingles to take part in near-duplicate matching:
    /// below it (a bare title, "Live updates") unrelated stories share SimHashes.
    static let minimumShingles = 8

    func ingest(_ item: Item) throws -> ItemVerdict {
        let linkKey = item.link.map(URLResolution.normalisedLink)
        let key = IdentityPolicy.key(for: item, linkKey: linkKey, mode: source.identityMode)
        func verdict(_ kind: ItemVerdict.Kind, _ reason: String, storyID: Int64? = nil) -> ItemVerdict {
            ItemVerdict(identity: key, title: item.title, kind: kind, reason: reason, storyID: storyID)
        }
        if let existing = try findStory(key: key, linkKey: linkKey, contentHash: item.contentHash) {
            let sameContent =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT EXISTS (SELECT 1 FROM revision WHERE item_id = ? AND content_hash = ?)"
                    ),
                    arguments: [existing.id, item.contentHash]
                ) ?? false
            // Any earlier version counts, not just the latest: a feed flapping between two versions
            // (two CDN nodes, an A/B test) must not append a revision on every poll.
            if sameContent {
                return verdict(.duplicate, "story \(existing.id) already has this content hash", storyID: existing.id)
            }
            let reextracted = try extractorChanged(since: existing)
            try appendRevision(item, to: existing)
            return reextracted
                ? verdict(
                    .reextracted,
                    "new text from a new extractor version; revision \(existing.revisionCount + 1) "
                        + "of story \(existing.id) kept, not reported as a change",
                    storyID: existing.id
                )
                : verdict(
                    .revised,
                    "known story \(existing.id) with a new content hash: revision \(existing.revisionCount + 1)",
                    storyID: existing.id
                )
        }
        if try isTombstoned(key: key, linkKey: linkKey, contentHash: item.contentHash) {
            return verdict(.pruned, "pruned by retention and still in the feed")
        }
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM sighting WHERE source_id = ? AND identity = ?)"),
            arguments: [source.id, key]
        ) ?? false {
            return verdict(.duplicate, "already recorded as a sighting of another story")
        }
        if let original = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT item_id FROM revision WHERE content_hash = ? LIMIT 1"),
            arguments: [item.contentHash]
        ) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO sighting (item_id, source_id, identity, link, content_hash, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [original, source.id, key, item.link, item.contentHash, fetchedAt])
            return verdict(
                .sighting,
                "same content hash as stored story \(original): recorded as a sighting",
                storyID: original
            )
        }
        let fingerprint = SimHash.fingerprint(title: item.title, text: item.contentText ?? item.summary)
        let eligible = fingerprint.shingles >= Self.minimumShingles
        let near = eligible ? try NearDuplicateIndex.nearest(db, to: fingerprint.value) : nil
        let clusterID: Int64
        if let near {
            clusterID = near.clusterID
        } else {
            try db.cachedStatement(sql: "INSERT INTO cluster DEFAULT VALUES").execute()
            clusterID = db.lastInsertedRowID
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO item (source_id, identity, link, link_key, first_seen_at, revision_count, cluster_id)
                VALUES (?, ?, ?, ?, ?, 0, ?)
                """
        ).execute(arguments: [source.id, key, item.link, linkKey, fetchedAt, clusterID])
        let story = StoryRef(id: db.lastInsertedRowID, revisionCount: 0, latestRevisionID: nil)
        try appendRevision(item, to: story, fingerprint: fingerprint)
        var tags = Set<String>()
        for tag in item.categories where tags.insert(tag).inserted {
            try db.cachedStatement(sql: "INSERT INTO item_tag (item_id, tag) VALUES (?, ?)")
                .execute(arguments: [story.id, tag])
        }
        if let near {
            return verdict(
                .nearDuplicate,
                "new story, SimHash distance \(near.distance) from story \(near.itemID): "
                    + "stored in its cluster \(clusterID)",
                storyID: story.id
            )
        }
        let why =
            eligible
            ? "unseen identity and content" : "unseen identity and content (too short for near-duplicate matching)"
        return verdict(.new, why, storyID: story.id)
    }

    /// The stored story an item is a version of, under the source's identity mode.
    private func findStory(key: String, linkKey: String?, contentHash: String) throws -> StoryRef? {
        let byKey = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, revision_count, latest_revision_id FROM item WHERE source_id = ? AND identity = ?
                    """
            ),
            arguments: [source.id, key]
        )
        if let byKey { return StoryRef(byKey) }
        switch source.identityMode {
        case .guid:
            return nil
        case .link:
            // Stories stored before the source fell back to links are still keyed by their GUIDs.
            guard let linkKey else { return nil }
            return try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT id, revision_count, latest_revision_id FROM item WHERE source_id = ? AND link_key = ?
                        ORDER BY id DESC LIMIT 1
                        """
                ),
                arguments: [source.id, linkKey]
            ).map(StoryRef.init)
        case .content:
            return try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT item.id, item.revision_count, item.latest_revision_id FROM revision
                        JOIN item ON item.id = revision.item_id
                        WHERE revision.content_hash = ? AND item.source_id = ? LIMIT 1
                        """
                ),
                arguments: [contentHash, source.id]
            ).map(StoryRef.init)
        }
    }

    /// Whether the story's latest text came from another extractor version than this poll's: its new hash may
    /// be our doing, not the site's, so the revision is kept but not reported as a change of the story.
    private func extractorChanged(since story: StoryRef) throws -> Bool {
        guard let extractorVersion, let latest = story.latestRevisionID else { return false }
        let previous = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT extractor_version FROM revision WHERE id = ?"),
            arguments: [latest]
        )
        return previous != extractorVersion
    }

    private func isTombstoned(key: String, linkKey: String?, contentHash: String) throws -> Bool {
        if try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM tombstone WHERE source_id = ? AND (identity = ? OR content_hash = ?))
                    """
            ),
            arguments: [source.id, key, contentHash]
        ) ?? false {
            return true
        }
        guard source.identityMode == .link, let linkKey else { return false }
        return try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tombstone WHERE source_id = ? AND link_key = ?)"),
            arguments: [source.id, linkKey]
        ) ?? false
    }

    /// Appends the next revision of a story, moves the search index to it, and indexes its SimHash.
    private func appendRevision(_ item: Item, to story: StoryRef, fingerprint known: SimHash.Fingerprint? = nil) throws
    {
        let text = item.contentText ?? item.summary
        let fingerprint = known ?? SimHash.fingerprint(title: item.title, text: text)
        let number = story.revisionCount + 1
        try db.cachedStatement(
            sql: """
                INSERT INTO revision (item_id, number, content_hash, title, authors, categories, published, updated,
                                      summary, text, html, language, simhash, fetched_at, extractor_version,
                                      feed_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            story.id, number, item.contentHash, item.title, JSONText.array(item.authors),
            JSONText.array(item.categories), item.published?.instant.timeIntervalSince1970,
            item.updated?.instant.timeIntervalSince1970, item.summary, text, item.contentHTML, item.language,
            Int64(bitPattern: fingerprint.value), fetchedAt, extractorVersion, feedHashes[item.identity],
        ])
        let revisionID = db.lastInsertedRowID
        if let previous = story.latestRevisionID {
            // External-content FTS5: removing a row needs the exact values it was indexed with.
            try db.cachedStatement(
                sql: """
                    INSERT INTO revision_search (revision_search, rowid, title, text)
                    SELECT 'delete', id, title, text FROM revision WHERE id = ?
                    """
            ).execute(arguments: [previous])
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
