public import Foundation
internal import Markup

/// Why a page gave no article.
public struct ArticleExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A one-line reason a user can act on.
    public let description: String

    /// The page has no block of text that reads like an article body.
    public static let noArticle = ArticleExtractionError(
        description: "no article found: the page has no block of prose long enough to be an article body "
            + "(is it an index, a login wall or a page rendered by JavaScript?)"
    )

    /// A plain-text article with no body paragraph.
    public static let noTextArticle = ArticleExtractionError(
        description: "no article found: the text has no paragraph after its header lines"
    )

    static func refused(_ error: MarkupError) -> ArticleExtractionError {
        ArticleExtractionError(description: "page refused: \(error)")
    }
}

/// Extracts the article from an HTML page: metadata (see ``PageMetadata`` for the precedence), then the body
/// (see ``ArticleBodyFinder``), then visible date and reading-time lines, then the language.
public struct ArticleExtractor: Sendable {
    /// Raised whenever a change can make the same page extract differently, so the store can tell a story
    /// that changed from an extractor that did (each revision keeps the version that produced its text).
    public static let version = 2

    /// The zone for dates that state none (the source's configured zone).
    public var timeZone: TimeZone

    /// Creates an extractor assuming `timeZone` for dates without one.
    public init(timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        self.timeZone = timeZone
    }

    /// The article in an HTML page. The charset comes from ``DocumentCharset/decodeHTML(_:callerCharset:)``
    /// (BOM, then `charset`, then the page's `<meta>`, then UTF-8); `url` resolves a relative canonical link
    /// and is the canonical URL when the page names none.
    public func extract(
        html bytes: [UInt8],
        charset: String? = nil,
        url: URL? = nil
    ) throws(ArticleExtractionError) -> Article {
        let decoded = DocumentCharset.decodeHTML(bytes, callerCharset: charset)
        let root: PageNode
        do {
            root = try PageTree.parse(utf8: decoded.utf8)
        } catch {
            throw .refused(error)
        }
        let metadata = PageMetadata(page: root)
        // A page whose markup has no article may still carry its text in JSON-LD `articleBody`.
        guard
            let body = ArticleBodyFinder.find(in: root)
                ?? (metadata.statedBody.isEmpty ? nil : (metadata.statedBody, [], nil))
        else { throw .noArticle }
        let dates = DateParser(assumedTimeZone: timeZone)

        var article = Article()
        article.title = metadata.title
        article.authors = metadata.authors
        article.siteName = metadata.siteName
        article.canonicalURL =
            (metadata.canonicalURL.flatMap { URLResolution.resolve($0, against: url) })
            ?? url?.absoluteString
        article.boilerplate = body.boilerplate

        // Dates and reading time are read from the page's short lines (they often sit in a header outside
        // the body), and date lines are taken out of the body text when they are in it.
        let lines = PageLines(root: root, body: body.start)
        let stated = ArticleDates(
            metadata: metadata,
            lines: lines,
            urls: [metadata.canonicalURL, url?.absoluteString].compactMap { $0 },
            dates: dates
        )
        article.published = stated.published
        article.updated = stated.updated
        if let minutes = lines.readingTime() {
            article.readingTimeMinutes = minutes
            article.readingTimeSource = .stated
        }
        var paragraphs = body.paragraphs
        paragraphs.removeAll { paragraph in
            paragraph.count <= 120
                && (ArticleLines.readingTime(paragraph) != nil || ArticleLines.dateLine(paragraph, dates) != nil)
        }
        // The headline repeated as the body's first heading is the title, not a paragraph.
        if let first = paragraphs.first, first == article.title { paragraphs.removeFirst() }
        guard !paragraphs.isEmpty else { throw .noArticle }
        article.paragraphs = paragraphs

        if article.readingTimeMinutes == nil {
            let words = paragraphs.reduce(0) { $0 + $1.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
            article.readingTimeMinutes = max(1, (words + 229) / 230)
            article.readingTimeSource = .computed
        }
        article.language = metadata.language ?? LanguageGuess.language(of: paragraphs)
        return article
    }

    /// The article in a document that is an HTML page or an article saved as plain text. A page goes through
    /// ``extract(html:charset:url:)``; text is decoded as a page would be (BOM, then `charset`, then UTF-8) and
    /// read by ``PlainTextArticleReader``. Bytes that are no text (compressed, an archive, an image, a PDF, or
    /// NUL bytes outside a page) are refused with what they are rather than read as garbled text; a page with a
    /// stray NUL is still a page.
    public func extract(
        document bytes: [UInt8],
        charset: String? = nil,
        url: URL? = nil
    ) throws(ArticleExtractionError) -> Article {
        if let binary = BinarySniff.signature(bytes) {
            throw ArticleExtractionError(description: "not an article: found \(binary)")
        }
        if Self.looksLikeHTML(bytes) { return try extract(html: bytes, charset: charset, url: url) }
        if let binary = BinarySniff.describe(bytes, charset: charset) {
            throw ArticleExtractionError(description: "not an article: found \(binary)")
        }
        let text = DocumentCharset.decodeHTML(bytes, callerCharset: charset).utf8
        guard let article = PlainTextArticleReader.read(String(decoding: text, as: UTF8.self), timeZone: timeZone)
        else {
            throw .noTextArticle
        }
        return article
    }

    /// Whether bytes look like an HTML page rather than plain text: a doctype, or an `<html>`, `<head>`,
    /// `<body>`, `<meta>`, `<div>`, `<article>` or `<p>` tag in the first 4 KiB.
    public static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        return ["<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<article", "<p>", "<p "]
            .contains { head.contains($0) }
    }
}
