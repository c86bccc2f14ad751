/// A media file attached to an item: an RSS enclosure, an Atom `rel="enclosure"` link, or Media RSS.
public struct Enclosure: Sendable, Hashable {
    /// Where the attachment came from in the feed.
    public enum Kind: String, Sendable, Hashable {
        case enclosure
        case mediaContent = "media:content"
        case thumbnail = "media:thumbnail"
    }

    /// Absolute URL.
    public var url: String
    /// MIME type, when given.
    public var mimeType: String?
    /// Length in bytes, when given.
    public var length: Int?
    /// Where it came from.
    public var kind: Kind
    /// `media:description` or `media:title`, plain text.
    public var description: String?

    /// Creates an enclosure.
    public init(url: String, mimeType: String? = nil, length: Int? = nil, kind: Kind, description: String? = nil) {
        self.url = url
        self.mimeType = mimeType
        self.length = length
        self.kind = kind
        self.description = description
    }
}

/// One story in a feed, normalised.
public struct Item: Sendable, Hashable {
    /// Which story this is: see ``ItemIdentity``.
    public var identity: String
    /// The `guid` or Atom `id` exactly as the feed gave it (trimmed), if any.
    public var guid: String?
    /// The story's page, absolute.
    public var link: String?
    /// Plain text.
    public var title: String?
    /// Display names (or e-mail addresses where no name is given), in order, without duplicates.
    public var authors: [String] = []
    /// When the story was first published.
    public var published: FeedDate?
    /// When the story last changed.
    public var updated: FeedDate?
    /// The teaser or description, plain text.
    public var summary: String?
    /// The full content, sanitised HTML (no script, style, iframe, object, `on*` or `javascript:`).
    public var contentHTML: String?
    /// The full content as plain text, paragraphs separated by blank lines.
    public var contentText: String?
    /// Categories, tags and subjects, without duplicates.
    public var categories: [String] = []
    /// Attached media.
    public var enclosures: [Enclosure] = []
    /// The item's language, when the feed states one for it.
    public var language: String?
    /// Which version of the story this is: see ``ContentHash``.
    public var contentHash: String

    /// Creates an item; identity and hash are normally computed by ``FeedParser``.
    public init(identity: String, contentHash: String) {
        self.identity = identity
        self.contentHash = contentHash
    }
}
