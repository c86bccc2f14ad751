/// One feed an OPML subscription list names: an `<outline>` with an `xmlUrl`.
public struct OPMLSubscription: Sendable, Hashable {
    /// The outline's `title`, else its `text`, trimmed; nil when both are missing or blank.
    public var title: String?
    /// The feed's address (`xmlUrl`), trimmed, exactly as the file wrote it otherwise.
    public var xmlURL: String
    /// The site's address (`htmlUrl`), when given.
    public var htmlURL: String?
    /// The names of the enclosing folder outlines, outermost first (empty at the top level).
    public var folders: [String]
    /// The 1-based line of the outline's start tag, for messages.
    public var line: Int

    /// Creates a subscription.
    public init(title: String?, xmlURL: String, htmlURL: String? = nil, folders: [String] = [], line: Int = 0) {
        self.title = title
        self.xmlURL = xmlURL
        self.htmlURL = htmlURL
        self.folders = folders
        self.line = line
    }
}

/// What an OPML file holds: its title and its subscriptions in document order, duplicates included.
public struct OPMLDocument: Sendable, Hashable {
    /// `<head><title>`, when given.
    public var title: String?
    /// Every outline with an `xmlUrl`, in document order.
    public var subscriptions: [OPMLSubscription]
    /// What was repaired or ignored on the way (an ill-formed file, outlines with an empty `xmlUrl`…).
    public var warnings: [ParseWarning]
    /// False when libxml2 found the file ill-formed and it was read by the recovering parser.
    public var wellFormed: Bool
}

/// Why a file could not be read as OPML at all.
public enum OPMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The root element is not `<opml>`.
    case notOPML(found: String)
    /// The XML parser refused the document as hostile or too large.
    case refused(reason: String)

    public var description: String {
        switch self {
        case .notOPML(let found): "not an OPML file: \(found); export the subscription list as OPML from the reader"
        case .refused(let reason): "document refused: \(reason)"
        }
    }
}
