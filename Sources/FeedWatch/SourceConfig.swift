/// One `[[source]]` table.
public struct SourceConfig: Sendable, Hashable {
    /// Where a source's bytes come from.
    public enum Location: Sendable, Hashable {
        /// `url = "https://…"`: polled over HTTP(S).
        case url(String)
        /// `path = "/…"`: a local file, or a directory whose files are each read as one document (a spool).
        case path(String)
    }

    /// What a source's documents are.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Recognised from the bytes: a feed if it parses as one, else an article page.
        case auto
        /// A feed (RSS, Atom, JSON Feed).
        case feed
        /// An article page (HTML) or plain-text article: one item, its extracted text.
        case page
    }

    /// One request header, after `${ENV}` expansion.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        /// The value as the file wrote it, when it used `${…}`: the effective config shows this, not the secret.
        public var template: String?

        public init(name: String, value: String, template: String? = nil) {
            self.name = name
            self.value = value
            self.template = template
        }
    }

    /// `retention`: how long a source's stories are kept.
    public struct Retention: Sendable, Hashable {
        /// `max_age`: stories first seen longer ago are pruned.
        public var maxAge: Duration?
        /// `max_items`: only the newest this many stories are kept.
        public var maxItems: Int?

        public init(maxAge: Duration? = nil, maxItems: Int? = nil) {
            self.maxAge = maxAge
            self.maxItems = maxItems
        }
    }

    /// `name`: unique; the store's key for the source. Defaults to the URL's host (or the path's file name).
    public var name: String
    /// `url` or `path` (exactly one).
    public var location: Location
    /// `kind`.
    public var kind = Kind.auto
    /// `interval`, or nil for the daemon's.
    public var interval: Duration?
    /// `timezone`: an IANA name, taken for times the source writes without a zone.
    public var timeZone = "UTC"
    /// `headers`: sent with every request to this source.
    public var headers: [Header] = []
    /// `full_text`: fetch each new item's link and store the article's extracted text.
    public var fullText = false
    /// `tags`: stored with the source's items.
    public var tags: [String] = []
    /// `retention`, or nil to keep everything.
    public var retention: Retention?
    /// `allow_private_addresses`: let article links found in this feed reach loopback and private networks.
    public var allowPrivateAddresses = false
    /// The line of the file where the source's table starts (for messages); 0 when not from a file.
    public var line = 0

    /// Creates a source with defaults for everything but its name and location.
    public init(name: String, location: Location) {
        self.name = name
        self.location = location
    }

    /// The URL or path, as written.
    public var address: String {
        switch location {
        case .url(let url): url
        case .path(let path): path
        }
    }
}
