/// The format a feed was recognised as, from its bytes.
public enum FeedFormat: String, Sendable, Hashable, CaseIterable {
    case rss090 = "rss0.90"
    case rss091 = "rss0.91"
    case rss092 = "rss0.92"
    case rss10 = "rss1.0"
    case rss20 = "rss2.0"
    case atom03 = "atom0.3"
    case atom10 = "atom1.0"
    case jsonFeed10 = "jsonfeed1.0"
    case jsonFeed11 = "jsonfeed1.1"
}

/// What a feed says about how often it should be polled (RSS `ttl`, `skipHours`, `skipDays`, `sy:*`).
public struct PublishingHints: Sendable, Hashable {
    /// RSS `ttl`, in minutes.
    public var ttlMinutes: Int?
    /// RSS `skipHours`: hours of the day (0–23, GMT) when the feed should not be polled.
    public var skipHours: [Int] = []
    /// RSS `skipDays`: English day names, capitalised as RSS writes them ("Saturday").
    public var skipDays: [String] = []
    /// `sy:updatePeriod`: hourly, daily, weekly, monthly or yearly.
    public var updatePeriod: String?
    /// `sy:updateFrequency`: how many updates per period.
    public var updateFrequency: Int?

    /// Creates empty hints.
    public init() {}

    /// True when the feed gave no hint at all.
    public var isEmpty: Bool {
        ttlMinutes == nil && skipHours.isEmpty && skipDays.isEmpty && updatePeriod == nil && updateFrequency == nil
    }
}

/// A feed, normalised: every format comes out in this one shape.
public struct Feed: Sendable, Hashable {
    /// The format recognised from the bytes.
    public var format: FeedFormat
    /// The feed's title, plain text.
    public var title: String?
    /// The site the feed belongs to (absolute URL).
    public var link: String?
    /// The feed's description or subtitle, plain text.
    public var description: String?
    /// The feed's language (as declared, e.g. "en-us").
    public var language: String?
    /// When the feed says it last changed.
    public var updated: FeedDate?
    /// How often the feed asks to be polled.
    public var hints: PublishingHints = PublishingHints()
    /// The items, in document order.
    public var items: [Item] = []
    /// False when the document was not well-formed and was read by the recovering parser.
    public var wellFormed: Bool = true
    /// Everything worked around while reading, including why the document was ill-formed.
    public var warnings: [ParseWarning] = []
    /// The charset the bytes were read in, and where that choice came from.
    public var charset: String = "utf-8"
    /// Where ``charset`` came from.
    public var charsetSource: CharsetSource = .defaulted

    /// Creates an empty feed of a format.
    public init(format: FeedFormat) {
        self.format = format
    }
}
