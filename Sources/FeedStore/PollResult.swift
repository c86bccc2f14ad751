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
    /// The scheduler's state after this poll, kept so a restart picks up where it stopped; nil keeps the stored one.
    public var schedule: ScheduleRecord?
    /// Set when the items' text was extracted from pages: ``FeedCore/ArticleExtractor/version``.
    public var extractorVersion: Int?
    /// For `full_text` sources: item identity → the content hash of the feed's own entry (see
    /// ``FeedStore/fetchedFeedVersions(source:identities:)``).
    public var feedHashes: [String: String] = [:]
    /// The source's state before the poll as the caller holds it (the daemon's copy of the stored state): while
    /// it is still the stored one, recording a poll that brought no items reads nothing back. nil reads it.
    public var priorState: SourceState?

    /// Creates a poll result.
    public init(
        sourceName: String,
        sourceURL: String,
        sourceTags: [String] = [],
        fetch: FetchOutcome,
        items: [Item] = [],
        fetchedAt: Date,
        nextPollAt: Date? = nil,
        schedule: ScheduleRecord? = nil,
        extractorVersion: Int? = nil
    ) {
        self.schedule = schedule
        self.extractorVersion = extractorVersion
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
    /// Set on the poll where the scheduler decided the source moved (a permanent redirect seen on several polls
    /// in a row): the new URL. The store keeps it with the URL the source moved from.
    public var movedTo: String?

    /// Creates a fetch outcome.
    public init(
        status: Int?,
        etag: String? = nil,
        lastModified: String? = nil,
        bodyHash: String? = nil,
        bytes: Int = 0,
        duration: Duration = .zero,
        error: String? = nil,
        movedTo: String? = nil
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

/// What ``FeedStore/ingest(batch:)`` made of one poll.
public struct IngestOutcome: Sendable, Hashable {
    /// What each item turned out to be, counted.
    public var counts: IngestCounts
    /// The source's stored state after the poll.
    public var state: SourceState
}

/// What ``FeedStore/ingest(_:)`` did with a poll's items; the four main counts are disjoint.
public struct IngestCounts: Sendable, Hashable {
    /// Stories never seen before and not near any stored story.
    public var new = 0
    /// Known stories whose text changed only because a new extractor version read the page differently: a
    /// revision was appended (the text stays current) but the story did not change, so it is not in ``revised``.
    public var reextracted = 0
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

extension IngestCounts {
    mutating func add(_ kind: ItemVerdict.Kind) {
        switch kind {
        case .new: new += 1
        case .revised: revised += 1
        case .reextracted: reextracted += 1
        case .duplicate: duplicate += 1
        case .sighting:
            duplicate += 1
            sightings += 1
        case .pruned:
            duplicate += 1
            pruned += 1
        case .nearDuplicate: nearDuplicate += 1
        }
    }
}

/// What ingest decided for one item, and why (`feedwatch test` prints these).
public struct ItemVerdict: Sendable, Hashable {
    /// The decision.
    public enum Kind: String, Sendable, Hashable {
        case new, revised, reextracted, duplicate, sighting, pruned
        case nearDuplicate = "near_duplicate"
    }

    /// The identity key the store used.
    public var identity: String
    /// The item's title.
    public var title: String?
    /// The decision.
    public var kind: Kind
    /// Why, in words: which stored story it matched and how.
    public var reason: String
    /// The stored story involved, if any.
    public var storyID: Int64?
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

/// The politeness engine's memory of a source, as the store keeps it (the daemon owns its meaning).
public struct ScheduleRecord: Sendable, Hashable {
    /// `healthy`, `backing_off` or `failing`.
    public var health: String
    /// Why the next poll is when it is (`interval`, `ttl`, `backoff`, `retry_after` …).
    public var nextPollReason: String?
    /// The permanent redirect seen on the last polls, and on how many in a row.
    public var redirectTarget: String?
    public var redirectStreak: Int
    /// The feed's publishing hints as JSON, reused when a poll has no body to read them from.
    public var hints: String?
    /// When the current streak of failures began (nil while healthy), so "failing for 2h" survives a restart.
    public var failuresSince: Date?

    /// Creates a record.
    public init(
        health: String,
        nextPollReason: String? = nil,
        redirectTarget: String? = nil,
        redirectStreak: Int = 0,
        hints: String? = nil,
        failuresSince: Date? = nil
    ) {
        self.failuresSince = failuresSince
        self.health = health
        self.nextPollReason = nextPollReason
        self.redirectTarget = redirectTarget
        self.redirectStreak = redirectStreak
        self.hints = hints
    }
}
