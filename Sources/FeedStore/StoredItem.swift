public import FeedCore
public import Foundation
import GRDB

/// A stored story as listed: its identity and its latest revision's headline fields.
public struct StoredItem: Sendable, Hashable {
    /// The story's row id (what `feedwatch show ID` takes).
    public var id: Int64
    /// The source's name.
    public var source: String
    /// The identity key it is stored under.
    public var identity: String
    /// The story's link, as the feed gave it.
    public var link: String?
    /// When the store first saw it.
    public var firstSeen: Date
    /// How many versions are stored.
    public var revisionCount: Int
    /// The near-duplicate cluster it belongs to (its own when it has no near-duplicates).
    public var clusterID: Int64
    /// The latest revision's title.
    public var title: String?
    /// The summary (latest, or of this revision).
    public var summary: String?
    /// When the story says it was published.
    public var published: Date?
    /// SHA-256 of title and text: which version.
    public var contentHash: String
    /// Categories as the feed gave them.
    public var categories: [String]
}

/// One stored version of a story.
public struct StoredRevision: Sendable, Hashable {
    /// 1 for the first version, then 2, 3 … without gaps.
    public var number: Int
    /// SHA-256 of title and text: which version.
    public var contentHash: String
    /// Plain-text title.
    public var title: String?
    /// Authors as the feed gave them.
    public var authors: [String]
    /// Categories as the feed gave them.
    public var categories: [String]
    /// When the story says it was published.
    public var published: Date?
    /// When the story says it last changed.
    public var updated: Date?
    /// The summary (latest, or of this revision).
    public var summary: String?
    /// Plain text: the content, else the summary.
    public var text: String?
    /// Sanitised HTML.
    public var html: String?
    /// Language, when the feed stated one.
    public var language: String?
    /// The 64-bit SimHash of title and text.
    public var simhash: UInt64
    /// When this version was fetched.
    public var fetchedAt: Date
}

/// The same content seen under another source or identity.
public struct Sighting: Sendable, Hashable {
    /// The source's name.
    public var source: String
    /// The identity key it was seen under.
    public var identity: String
    /// Its link there.
    public var link: String?
    /// When it was seen.
    public var seenAt: Date
}

/// A story with every version, what changed between them, its copies and its near-duplicates.
public struct StoryHistory: Sendable, Hashable {
    /// The story.
    public var item: StoredItem
    /// Oldest first.
    public var revisions: [StoredRevision]
    /// `changes[i]` turns revision i+1's title and text into revision i+2's.
    public var changes: [WordDiff]
    /// Copies seen under other sources or identities.
    public var sightings: [Sighting]
    /// The other stories in its near-duplicate cluster.
    public var nearDuplicates: [StoredItem]
}

/// A full-text search result.
public struct SearchHit: Sendable, Hashable {
    /// The story.
    public var item: StoredItem
    /// The best-matching fragment, matched words in `[` `]`.
    public var snippet: String
    /// bm25 relevance: lower is better (SQLite's convention).
    public var score: Double
}

/// Which stories to list: every filter is optional; newest first.
public struct ItemQuery: Sendable, Hashable {
    /// Only this source.
    public var source: String?
    /// First seen at or after.
    public var since: Date?
    /// First seen before.
    public var until: Date?
    /// Carrying this category, or from a source with this config tag.
    public var tag: String?
    /// At most this many (the latest N).
    public var limit: Int

    /// Creates a query.
    public init(source: String? = nil, since: Date? = nil, until: Date? = nil, tag: String? = nil, limit: Int = 20) {
        self.source = source
        self.since = since
        self.until = until
        self.tag = tag
        self.limit = limit
    }
}

extension StoredItem {
    /// The columns ``init(_:)`` reads, for `FROM item JOIN source … JOIN revision latest …`.
    static let columns = """
        item.id, source.name, item.identity, item.link, item.first_seen_at, item.revision_count, item.cluster_id,
        latest.title, latest.summary, latest.published, latest.content_hash, latest.categories
        """
    static let joins = """
        JOIN source ON source.id = item.source_id JOIN revision latest ON latest.id = item.latest_revision_id
        """

    init(_ row: Row) {
        id = row[0]
        source = row[1]
        identity = row[2]
        link = row[3]
        firstSeen = Date(timeIntervalSince1970: row[4])
        revisionCount = row[5]
        clusterID = row[6]
        title = row[7]
        summary = row[8]
        published = (row[9] as Double?).map(Date.init(timeIntervalSince1970:))
        contentHash = row[10]
        categories = JSONText.strings(row[11])
    }
}

extension StoredRevision {
    static let columns = """
        number, content_hash, title, authors, categories, published, updated, summary, text, html, language, simhash,
        fetched_at
        """

    init(_ row: Row, from offset: Int = 0) {
        number = row[offset + 0]
        contentHash = row[offset + 1]
        title = row[offset + 2]
        authors = JSONText.strings(row[offset + 3])
        categories = JSONText.strings(row[offset + 4])
        published = (row[offset + 5] as Double?).map(Date.init(timeIntervalSince1970:))
        updated = (row[offset + 6] as Double?).map(Date.init(timeIntervalSince1970:))
        summary = row[offset + 7]
        text = row[offset + 8]
        html = row[offset + 9]
        language = row[offset + 10]
        simhash = UInt64(bitPattern: row[offset + 11])
        fetchedAt = Date(timeIntervalSince1970: row[offset + 12])
    }
}
