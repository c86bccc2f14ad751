import FeedCore
import Foundation
import GRDB

extension FeedStore {
    /// Stories matching `query`, newest first (the latest N when no filter is set).
    public func items(_ query: ItemQuery) throws(StoreError) -> [StoredItem] {
        try read(operation: "list items") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            Self.filter(query, conditions: &conditions, arguments: &arguments)
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [query.limit]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredItem.columns) FROM item \(StoredItem.joins) \(whereClause)
                    ORDER BY item.first_seen_at DESC, item.id DESC LIMIT ?
                    """,
                arguments: arguments
            ).map(StoredItem.init)
        }
    }

    /// Stories stored after the one with id `id`, matching `query`'s filters, in the order they were stored
    /// (by id), at most `query.limit`: what `feedwatch tail` polls for.
    ///
    /// Ids only grow: SQLite gives a new row the largest id plus one. (Only if retention had just deleted the
    /// newest story of the whole store could its id come back, and a follower past it would miss that one.)
    public func items(after id: Int64, _ query: ItemQuery) throws(StoreError) -> [StoredItem] {
        try read(operation: "list items after id \(id)") { db in
            var conditions = ["item.id > ?"]
            var arguments: StatementArguments = [id]
            Self.filter(query, conditions: &conditions, arguments: &arguments)
            arguments += [query.limit]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredItem.columns) FROM item \(StoredItem.joins)
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY item.id LIMIT ?
                    """,
                arguments: arguments
            ).map(StoredItem.init)
        }
    }

    /// Adds the SQL conditions of a query's filters (shared with export).
    static func filter(_ query: ItemQuery, conditions: inout [String], arguments: inout StatementArguments) {
        if let source = query.source {
            conditions.append("source.name = ?")
            arguments += [source]
        }
        if let since = query.since {
            conditions.append("item.first_seen_at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let until = query.until {
            conditions.append("item.first_seen_at < ?")
            arguments += [until.timeIntervalSince1970]
        }
        if let tag = query.tag {
            conditions.append(
                """
                (EXISTS (SELECT 1 FROM item_tag WHERE item_tag.tag = ? AND item_tag.item_id = item.id)
                 OR EXISTS (SELECT 1 FROM source_tag WHERE source_tag.source_id = item.source_id AND source_tag.tag = ?))
                """
            )
            arguments += [tag, tag]
        }
    }

    /// One story with all its revisions, the word diffs between them, its sightings and near-duplicates.
    public func story(id: Int64) throws(StoreError) -> StoryHistory? {
        try read(operation: "read story \(id)") { db -> StoryHistory? in
            guard
                let item = try Row.fetchOne(
                    db,
                    sql: "SELECT \(StoredItem.columns) FROM item \(StoredItem.joins) WHERE item.id = ?",
                    arguments: [id]
                ).map(StoredItem.init)
            else { return nil }
            let revisions = try Row.fetchAll(
                db,
                sql: "SELECT \(StoredRevision.columns) FROM revision WHERE item_id = ? ORDER BY number",
                arguments: [id]
            ).map { StoredRevision($0) }
            let changes = zip(revisions, revisions.dropFirst()).map { old, new in
                WordDiff(
                    old: (old.title ?? "") + "\n" + (old.text ?? ""),
                    new: (new.title ?? "") + "\n" + (new.text ?? "")
                )
            }
            let sightings = try Row.fetchAll(
                db,
                sql: """
                    SELECT source.name, sighting.identity, sighting.link, sighting.seen_at FROM sighting
                    JOIN source ON source.id = sighting.source_id WHERE sighting.item_id = ? ORDER BY sighting.seen_at
                    """,
                arguments: [id]
            ).map { Sighting(source: $0[0], identity: $0[1], link: $0[2], seenAt: Date(timeIntervalSince1970: $0[3])) }
            let nearDuplicates = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredItem.columns) FROM item \(StoredItem.joins)
                    WHERE item.cluster_id = ? AND item.id <> ? ORDER BY item.first_seen_at LIMIT 100
                    """,
                arguments: [item.clusterID, id]
            ).map(StoredItem.init)
            return StoryHistory(
                item: item,
                revisions: revisions,
                changes: changes,
                sightings: sightings,
                nearDuplicates: nearDuplicates
            )
        }
    }

    /// Full-text search over each story's latest title and text, best first (bm25, title weighted 5×).
    ///
    /// `query` is FTS5 syntax (words, "phrases", AND/OR/NOT, prefix*); text that is not valid FTS5 — a
    /// hyphenated word such as T-72 — is searched as plain words instead of failing. Ranking reads at most
    /// the `window` newest matches: bm25 must score every match it ranks, and a word found in a third of a
    /// million stories would take most of a second; for news the newest matches are the ones wanted.
    public func search(_ query: String, limit: Int = 20, window: Int = 10_000) throws(StoreError) -> [SearchHit] {
        do {
            return try searchFTS(query, limit: limit, window: window)
        } catch StoreError.database(_, _, let message) {
            // FTS5 reports bad syntax as "fts5: syntax error" or, for `T-72`, "no such column: 72": retry as words.
            let words = query.split(whereSeparator: \.isWhitespace).map {
                "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            do {
                return try searchFTS(words.joined(separator: " "), limit: limit, window: window)
            } catch {
                throw StoreError.badSearchQuery(query: query, message: message)
            }
        }
    }

    private func searchFTS(_ match: String, limit: Int, window: Int) throws(StoreError) -> [SearchHit] {
        try read(operation: "search") { db in
            // Rank first on the FTS index alone, then join and cut snippets for the few rows kept: SQLite
            // computes a result column for every row that enters an ORDER BY … LIMIT, so a snippet in the
            // ranking query would be cut for each of a common word's hundred thousand matches.
            try Row.fetchAll(
                db,
                sql: """
                    WITH newest AS (
                        SELECT rowid, bm25(revision_search, 5.0, 1.0) AS score FROM revision_search
                        WHERE revision_search MATCH ?1 ORDER BY rowid DESC LIMIT ?3
                    ), best AS (
                        SELECT rowid, score FROM newest ORDER BY score LIMIT ?2
                    )
                    SELECT \(StoredItem.columns), snippet(revision_search, -1, '[', ']', '…', 16), best.score
                    FROM best JOIN revision_search ON revision_search.rowid = best.rowid
                    JOIN revision hit ON hit.id = best.rowid JOIN item ON item.id = hit.item_id
                    \(StoredItem.joins)
                    WHERE revision_search MATCH ?1 ORDER BY best.score
                    """,
                arguments: [match, limit, window]
            ).map { SearchHit(item: StoredItem($0), snippet: $0[12] ?? "", score: $0[13]) }
        }
    }
}
