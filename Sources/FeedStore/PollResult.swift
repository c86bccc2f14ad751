public import FeedCore
public import Foundation

/// Everything one poll of one source learned, handed to ``FeedStore/ingest(_:)`` to commit at once.
public struct PollResult: Sendable, Hashable {
    /// The source's name in the config (the store's key for it).
    public var sourceName: String
    /// The URL polled.
    public var sourceURL: String
    /// The source's tags from the config; items can be queried by them.
    public var sourceTags: [String]
    /// What the fetch did.
    public var fetch: FetchOutcome
    /// The parsed items, in document order; empty when the fetch failed or nothing changed.
    public var items: [Item]
    /// When the fetch started.
    public var fetchedAt: Date
    /// When the scheduler means to poll the source next, if it has decided.
    public var nextPollAt: Date?

    /// Creates a poll result.
    public init(
        sourceName: String, sourceURL: String, sourceTags: [String] = [], fetch: FetchOutcome, items: [Item] = [],
        fetchedAt: Date, nextPollAt: Date? = nil
    ) {
        self.sourceName = sourceName
        self.sourceURL = sourceURL
        self.sourceTags = sourceTags
        self.fetch = fetch
        self.items = items
        self.fetchedAt = fetchedAt
        self.nextPollAt = nextPollAt
    }
}

/// What the HTTP fetch of one poll did.
public struct FetchOutcome: Sendable, Hashable {
    /// The HTTP status, or nil when no response arrived (DNS, connect, TLS, timeout).
    public var status: Int?
    /// The `ETag` the response carried, as received.
    public var etag: String?
    /// The `Last-Modified` the response carried, as received.
    public var lastModified: String?
    /// SHA-256 (hex) of the body, when one was read.
    public var bodyHash: String?
    /// Bytes of body received.
    public var bytes: Int
    /// How long the fetch took.
    public var duration: Duration
    /// Why the poll failed, in words, or nil when it did not.
    public var error: String?
    /// Where a permanent redirect (301, 308) pointed, if one was followed.
    public var movedTo: String?

    /// Creates a fetch outcome.
    public init(
        status: Int?, etag: String? = nil, lastModified: String? = nil, bodyHash: String? = nil, bytes: Int = 0,
        duration: Duration = .zero, error: String? = nil, movedTo: String? = nil
    ) {
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
        self.bytes = bytes
        self.duration = duration
        self.error = error
        self.movedTo = movedTo
    }

    /// True when the poll failed: an error, no response, or an HTTP error status.
    public var failed: Bool {
        error != nil || status.map { $0 >= 400 } ?? true
    }

    /// True for a 304: the validators matched and no body came.
    public var notModified: Bool { status == 304 }
}

/// What ``FeedStore/ingest(_:)`` did with a poll's items; the four main counts are disjoint.
public struct IngestCounts: Sendable, Hashable {
    /// Stories never seen before and not near any stored story.
    public var new = 0
    /// Known stories with new content: a revision was appended.
    public var revised = 0
    /// Items already stored (same story, same content), copies of another stored story, or pruned stories.
    public var duplicate = 0
    /// New stories stored and linked to the cluster of a stored story within SimHash distance 3.
    public var nearDuplicate = 0
    /// Of ``duplicate``: copies of a story stored under another source or identity (recorded as sightings).
    public var sightings = 0
    /// Of ``duplicate``: stories retention pruned that are still in the feed.
    public var pruned = 0
    /// Set when this poll made the source stop trusting its GUIDs (or its links).
    public var identityChange: IdentityModeChange?

    /// Creates zero counts.
    public init() {}
}

/// How the store keys a source's stories: normally by FeedCore's identity, or by a fallback.
public enum IdentityMode: String, Sendable, Hashable {
    /// ``FeedCore/ItemIdentity``: the GUID, else the link, else title and date.
    case guid
    /// The normalised link, else the content hash: for feeds whose GUIDs are unusable.
    case link
    /// The content hash: for feeds whose GUIDs and links are both unusable.
    case content
}

/// A source leaving a less robust identity mode, and why.
public struct IdentityModeChange: Sendable, Hashable {
    /// The mode before this poll.
    public var from: IdentityMode
    /// The mode from this poll on.
    public var to: IdentityMode
    /// Why, in words (logged, and kept in `source.identity_reason`).
    public var reason: String
}
