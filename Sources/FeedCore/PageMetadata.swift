import Foundation

/// The metadata an article page states about itself, each field taken from the first source that has it.
///
/// JSON-LD is read from `<script type="application/ld+json">`, and from `<meta name="script:ld+json">` (Remix).
///
/// Precedence, field by field:
/// - title: JSON-LD `headline`, `og:title`, `twitter:title`, the only `<h1>`, `<title>` (site suffix cut);
/// - authors: JSON-LD `author`, `<meta name=author>`, `article:author` (when not a URL), `rel=author` links;
/// - published: JSON-LD `datePublished`, `article:published_time`, `<meta name=date|pubdate|publishdate|…>`
///   (and the `citation_…` dates of scholarly pages), `itemprop=datePublished`, the JSON-LD `WebPage`'s
///   `datePublished`; the first `<time datetime>` is kept apart (``firstTime``);
/// - updated: JSON-LD `dateModified`, `article:modified_time`, `og:updated_time`, `<meta name=last-modified>`,
///   the JSON-LD `WebPage`'s `dateModified`;
/// - site name: `og:site_name`, JSON-LD `publisher`;
/// - canonical URL: `<link rel=canonical>`, `og:url`, JSON-LD `url`/`mainEntityOfPage`;
/// - language: `<html lang>`, `<meta http-equiv=content-language>`, `og:locale`, JSON-LD `inLanguage`.
struct PageMetadata {
    var title: String?
    var authors: [String] = []
    var published: String?
    var updated: String?
    /// The `datetime` of the page's first `<time>`: a weaker witness than any of the above.
    var firstTime: String?
    var siteName: String?
    var canonicalURL: String?
    var language: String?
    /// The language tag as the page writes it, region included ("en-GB"): `<html lang>`, else `og:locale`.
    var locale: String?
    /// JSON-LD `articleBody`, for when the page's markup holds no article.
    var statedBody: [String] = []

    static let publishedNames = [
        "article:published_time", "date", "pubdate", "publishdate", "publish-date", "publish_date",
        "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "datepublished",
        "og:published_time", "og:publish_date", "article.published", "article:published", "published",
        "publisheddate", "date-pub", "article:first_published_time", "originalpublicationdate",
        "cxenseparse:publishtime", "citation_publication_date", "citation_online_date", "citation_date",
    ]
    static let updatedNames = [
        "article:modified_time", "og:updated_time", "og:modified_time", "last-modified", "last-updated",
        "lastmodifieddate", "dcterms.modified", "datemodified", "article.updated",
    ]

    init(page root: PageNode) {
        var meta: [String: String] = [:]
        var scripts: [String] = []
        var canonical: String?
        var authorLinks: [String] = []
        var itempropPublished: String?
        var firstTime: String?
        var titleElement: String?
        var headings: [String] = []
        var bylines: [String] = []
        root.visit { node in
            if bylines.isEmpty, node.name != "meta", node.name != "a", let byline = Self.byline(node) {
                bylines.append(byline)
            }
            switch node.name {
            case "meta":
                let key =
                    (node.attributes["property"] ?? node.attributes["name"] ?? node.attributes["itemprop"]
                    ?? node.attributes["http-equiv"])?.lowercased()
                if let key, let content = node.attributes["content"].map(TextNormalisation.foldWhitespace),
                    !content.isEmpty, meta[key] == nil
                {
                    meta[key] = content
                }
                // Remix's `meta` export names JSON-LD "script:ld+json"; some pages render it as a `<meta>`
                // whose content is the JSON rather than as a script.
                if key == "script:ld+json", let content = node.attributes["content"] { scripts.append(content) }
            case "script": scripts.append(node.children.map(\.rawText).joined())
            case "link":
                let rel = node.attributes["rel"]?.lowercased().split(separator: " ") ?? []
                if rel.contains("canonical"), canonical == nil { canonical = node.attributes["href"] }
            case "a":
                if node.attributes["rel"]?.lowercased().split(separator: " ").contains("author") == true,
                    !node.foldedText.isEmpty, !authorLinks.contains(node.foldedText)
                {
                    authorLinks.append(node.foldedText)
                }
            case "time":
                let stamp = node.attributes["datetime"]
                if itempropPublished == nil, node.attributes["itemprop"]?.lowercased() == "datepublished" {
                    itempropPublished = stamp ?? node.foldedText
                }
                if firstTime == nil, let stamp, !stamp.isEmpty { firstTime = stamp }
            case "title": if titleElement == nil { titleElement = node.foldedText }
            case "h1": if !node.foldedText.isEmpty { headings.append(node.foldedText) }
            default: break
            }
            if node.name != "meta", node.name != "time", itempropPublished == nil,
                let itemprop = node.attributes["itemprop"]?.lowercased(),
                itemprop == "datepublished" || (itemprop.contains("published") && !itemprop.contains("publisher"))
            {
                itempropPublished = node.attributes["content"] ?? node.foldedText
            }
        }
        let jsonLD = JSONLDArticle.find(in: scripts)

        let stated = (jsonLD?.headline ?? meta["og:title"] ?? meta["twitter:title"]).map(Self.decodingReferences)
        let onlyHeading = headings.count == 1 ? headings[0] : nil
        title =
            stated.flatMap(Self.withoutSiteSuffix) ?? onlyHeading
            ?? titleElement.flatMap(Self.withoutSiteSuffix) ?? headings.first
        // The page's only <h1> is the headline as readers see it: prefer it when the stated title or the
        // <title> contains it (a site name or a kicker around the same words).
        if let onlyHeading, onlyHeading != title,
            [stated, titleElement].contains(where: { $0?.localizedCaseInsensitiveContains(onlyHeading) == true })
        {
            title = onlyHeading
        }
        // A blog whose only <h1> is its own name: the headline is then the first <h2> of its <article>.
        if let chosen = title, let site = meta["og:site_name"] ?? jsonLD?.publisher,
            chosen.caseInsensitiveCompare(site) == .orderedSame,
            let headline = root.first(where: { $0.name == "article" })?.first(where: { $0.name == "h2" })?.foldedText,
            !headline.isEmpty
        {
            title = headline
        }
        let metaAuthor =
            meta["author"] ?? meta["article:author"].flatMap { $0.contains("://") ? nil : $0 }
            ?? meta["dc.creator"] ?? meta["parsely-author"] ?? meta["sailthru.author"]
        authors =
            jsonLD.map(\.authors).flatMap { $0.isEmpty ? nil : $0 } ?? metaAuthor.map { [$0] }
            ?? (authorLinks.isEmpty ? bylines : authorLinks)
        // A profile URL or a bare label is not a name.
        authors = authors.map(Self.decodingReferences).filter {
            $0.contains(where: \.isLetter) && !$0.contains("://")
                && !["author", "authors", "by"].contains($0.lowercased())
        }
        authors = authors.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        // Any other name that says "publish…date" or "publish…time" ("w-published-date"), dates before times.
        let otherPublished = meta.keys.filter { $0.contains("publish") && !$0.contains("publisher") }
            .sorted { ($0.contains("date") ? 0 : 1, $0) < ($1.contains("date") ? 0 : 1, $1) }
            .first { $0.contains("date") || $0.contains("time") }.flatMap { meta[$0] }
        published =
            jsonLD?.published ?? Self.publishedNames.lazy.compactMap { meta[$0] }.first
            ?? itempropPublished ?? otherPublished ?? jsonLD?.pagePublished
        updated = jsonLD?.modified ?? Self.updatedNames.lazy.compactMap { meta[$0] }.first ?? jsonLD?.pageModified
        self.firstTime = firstTime
        statedBody = jsonLD?.body ?? []
        siteName = meta["og:site_name"] ?? jsonLD?.publisher ?? meta["application-name"]
        canonicalURL = canonical ?? meta["og:url"] ?? jsonLD?.url
        let htmlLang = root.first(where: { $0.name == "html" })?.attributes["lang"]
        locale = [htmlLang, meta["og:locale"], meta["content-language"]].lazy.compactMap { $0 }
            .first { !$0.isEmpty }
        language =
            [htmlLang, meta["content-language"], meta["og:locale"], jsonLD?.language]
            .lazy.compactMap { $0.flatMap(Self.languageCode) }.first
    }

    /// Openings of a visible byline, in the languages we read.
    static let byPrefixes = ["by ", "di ", "par ", "von ", "por ", "de ", "автор: ", "автор "]

    /// The name in a visible byline element (`itemprop=author`, or a class/id word "author" or "byline"
    /// without "bio" or "box"), "By " and the like removed; nil when the element is longer than a name.
    static func byline(_ node: PageNode) -> String? {
        if let name = statedByline(node) { return name }
        guard node.textLength > 0, node.textLength <= 80, !node.attributes.isEmpty else { return nil }
        let words = node.hintWords
        guard
            node.attributes["itemprop"]?.lowercased() == "author" || words.contains("byline")
                || (words.contains("author") && !words.contains("bio") && !words.contains("box")
                    && !words.contains("avatar") && !words.contains("description"))
        else { return nil }
        var text = node.foldedText
        for prefix in byPrefixes where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
            break
        }
        guard !text.isEmpty, text.count <= 60, text.split(separator: " ").count <= 6 else { return nil }
        return text
    }

    /// The first letter of a subtree's text, ASCII lower-cased, without building the text.
    static func firstLetter(_ node: PageNode) -> UInt8? {
        for child in node.children {
            if child.isText {
                if let byte = child.rawText.utf8.first(where: { $0 > 0x20 }) { return byte | 0x20 }
            } else if child.name != "script", let byte = firstLetter(child) {
                return byte
            }
        }
        return nil
    }

    /// The first letters of ``statedBylineOpenings``.
    static let statedBylineInitials: Set<UInt8> = Set(statedBylineOpenings.compactMap(\.utf8.first))

    /// Openings that make any short line a byline, unhinted: "By Ann Lee - Mar 27, 2024", "Written by Ann Lee".
    static let statedBylineOpenings = ["by ", "written by ", "words by ", "posted by ", "scritto da ", "von "]

    /// The name in a short unhinted "By …" line, when what follows is capitalised words, cut at a date or a
    /// separator; nil otherwise, so "By continuing you accept cookies" is no byline.
    static func statedByline(_ node: PageNode) -> String? {
        guard !node.hasBlockChild, node.textLength > 2, node.textLength <= 80,
            let first = firstLetter(node), statedBylineInitials.contains(first)
        else { return nil }
        let text = node.foldedText
        let head = text.prefix(12).lowercased()
        guard let opening = statedBylineOpenings.first(where: { head.hasPrefix($0) }) else { return nil }
        var name = String(text.dropFirst(opening.count))
        for separator in [" - ", " | ", " · ", " – ", " on ", ",", " in "] {
            if let range = name.range(of: separator) { name = String(name[..<range.lowerBound]) }
        }
        let nameWords = name.split(separator: " ")
        guard (1...5).contains(nameWords.count), nameWords.allSatisfy({ $0.first?.isUppercase == true }) else {
            return nil
        }
        return name
    }

    /// "Big news | The Daily Example" → "Big news": the part before the last separator, when what follows
    /// is short enough to be a site name.
    static func withoutSiteSuffix(_ title: String) -> String? {
        guard !title.isEmpty else { return nil }
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let range = title.range(of: separator, options: .backwards) {
                let head = String(title[..<range.lowerBound])
                let tail = title[range.upperBound...]
                if tail.split(separator: " ").count <= 4, head.split(separator: " ").count >= 2 { return head }
            }
        }
        return title
    }

    /// Character references left in a value that was escaped twice ("&#8211;", "&amp;"): decoded once.
    static func decodingReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        let named = [("&amp;", "&"), ("&quot;", "\""), ("&#039;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">")]
        for (name, value) in named {
            out = out.replacingOccurrences(of: name, with: value)
        }
        while let range = out.range(of: #"&#[xX]?[0-9a-fA-F]{1,6};"#, options: .regularExpression) {
            let body = out[range].dropFirst(2).dropLast()
            let code = body.first == "x" || body.first == "X" ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
            out.replaceSubrange(range, with: code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "")
        }
        return out
    }

    /// "en-US", "it_IT", "EN" → "en": the primary subtag, which is what ``LanguageGuess`` gives too.
    static func languageCode(_ value: String) -> String? {
        let primary = value.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return primary
    }
}
