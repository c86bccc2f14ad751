/// What an article page or a plain-text article says, as ../shared/DESIGN.md defines it.
public struct Article: Sendable, Hashable {
    /// Where a reading time came from.
    public enum ReadingTimeSource: String, Sendable, Hashable {
        /// The article states it ("2 Minutes of Reading").
        case stated
        /// Computed from the word count at 230 words a minute.
        case computed
    }

    /// Plain text.
    public var title: String?
    /// Display names, in order.
    public var authors: [String] = []
    /// The publication's name.
    public var siteName: String?
    /// The canonical URL.
    public var canonicalURL: String?
    /// When the article was published.
    public var published: FeedDate?
    /// When it was last updated.
    public var updated: FeedDate?
    /// Minutes of reading.
    public var readingTimeMinutes: Int?
    /// Whether ``readingTimeMinutes`` was stated or computed.
    public var readingTimeSource: ReadingTimeSource?
    /// BCP 47 language code, e.g. "en".
    public var language: String?
    /// The body, plain text, one entry per paragraph, in order.
    public var paragraphs: [String] = []
    /// Text dropped as not part of the article (teasers for other articles, bylines already read).
    public var boilerplate: [String] = []

    /// Creates an empty article.
    public init() {}
}
