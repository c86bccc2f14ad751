public import FeedCore
public import Foundation

/// What one document (a fetched body or a file) gave: its items, the feed's hints, and what went wrong.
public struct DocumentContents: Sendable {
    /// The items, in document order.
    public var items: [Item] = []
    /// The feed's publishing hints (nil for an article page).
    public var hints: PublishingHints?
    /// Things worth an operator's attention that did not stop the poll (an ill-formed feed, bad bytes).
    public var warnings: [String] = []
    /// Whether the text came from article extraction (a page), not from the feed.
    public var extracted = false
}

/// Why a document gave nothing.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line, e.g. "not a feed: an HTML page (<html>)".
    public let description: String
}

/// Reads one document as the source's `kind` says: a feed, an article page, or whichever it turns out to be.
public struct DocumentReader: Sendable {
    /// The source's kind.
    public var kind: SourceConfig.Kind
    /// The zone for times written without one.
    public var timeZone: TimeZone

    /// A reader for a source of `kind`.
    public init(kind: SourceConfig.Kind, timeZone: TimeZone) {
        self.kind = kind
        self.timeZone = timeZone
    }

    /// The items in `bytes`, fetched from `url` (for relative links) with the HTTP `charset`, if any.
    public func read(_ bytes: [UInt8], url: String?, charset: String?) throws(DocumentError) -> DocumentContents {
        switch kind {
        case .feed:
            return try feed(bytes, url: url, charset: charset)
        case .page:
            return try page(bytes, url: url, charset: charset)
        case .auto:
            do {
                return try feed(bytes, url: url, charset: charset)
            } catch let feedError {
                // Not a feed: an article page or a plain-text article, else the feed's own complaint.
                do {
                    return try page(bytes, url: url, charset: charset)
                } catch {
                    throw DocumentError(description: "\(feedError.description); read as an article page: \(error)")
                }
            }
        }
    }

    private func feed(_ bytes: [UInt8], url: String?, charset: String?) throws(DocumentError) -> DocumentContents {
        let parsed: Feed
        do {
            parsed = try FeedParser().parse(
                bytes,
                context: ParseContext(url: url.flatMap(URL.init(string:)), charset: charset, timeZone: timeZone)
            )
        } catch {
            throw DocumentError(description: error.description)
        }
        var contents = DocumentContents()
        contents.items = parsed.items
        contents.hints = parsed.hints
        if !parsed.wellFormed {
            contents.warnings.append("feed is not well-formed, read in recover mode")
        }
        contents.warnings += parsed.warnings.map(\.description)
        return contents
    }

    private func page(_ bytes: [UInt8], url: String?, charset: String?) throws(DocumentError) -> DocumentContents {
        guard let article = try extract(bytes, url: url, charset: charset) else {
            throw DocumentError(description: "no article found in the page")
        }
        var contents = DocumentContents()
        contents.items = [article.item(url: url)]
        contents.extracted = true
        return contents
    }

    /// The article in an HTML page or a plain-text article, or nil when none is findable.
    public func extract(_ bytes: [UInt8], url: String?, charset: String?) throws(DocumentError) -> Article? {
        do {
            return try ArticleExtractor(timeZone: timeZone)
                .extract(document: bytes, charset: charset, url: url.flatMap(URL.init(string:)))
        } catch {
            if error == .noArticle || error == .noTextArticle { return nil }
            throw DocumentError(description: error.description)
        }
    }
}
