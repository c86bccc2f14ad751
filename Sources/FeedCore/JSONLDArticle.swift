import Foundation

/// What the page's schema.org JSON-LD says about its article.
///
/// Read from every `<script type="application/ld+json">`: a single object, an array of objects, or an
/// object with an `@graph` array. The first object whose `@type` (a string or a list) names an article kind
/// wins (`NewsArticle`, `Article`, `ReportageNewsArticle`, and any other type ending in "Article", plus
/// `BlogPosting` and `LiveBlogPosting`); a `WebPage` whose `mainEntity` is an article is followed.
struct JSONLDArticle {
    var headline: String?
    var authors: [String] = []
    var published: String?
    var modified: String?
    /// `datePublished` and `dateModified` of the `WebPage` (or other `…Page`) holding the article.
    var pagePublished: String?
    var pageModified: String?
    var publisher: String?
    var language: String?
    var url: String?
    /// The article's text when the page carries it only here (pages rendered by JavaScript), one entry per line.
    var body: [String] = []

    /// The article described by any of these JSON-LD blocks, or nil; with the dates of the page itself
    /// (`WebPage` and the other `…Page` types, as SEO plugins write them), which often stand in for the
    /// article's.
    static func find(in scripts: [String]) -> JSONLDArticle? {
        var article: JSONLDArticle?
        var page: (published: String?, modified: String?)?
        for script in scripts where article == nil || page == nil {
            // Some CMSs wrap the JSON in CDATA markers or HTML comments.
            let wrapped = script.utf8.contains(UInt8(ascii: "<"))
            let cleaned =
                !wrapped
                ? script
                : script
                    .replacingOccurrences(of: "<![CDATA[", with: "").replacingOccurrences(of: "]]>", with: "")
                    .replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
            guard let data = cleaned.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            if article == nil, let object = firstArticle(in: json, depth: 0) { article = read(object) }
            if page == nil, let object = firstPage(in: json, depth: 0) {
                page = (text(object["datePublished"]) ?? text(object["dateCreated"]), text(object["dateModified"]))
            }
        }
        guard let page else { return article }
        var found = article ?? JSONLDArticle()
        (found.pagePublished, found.pageModified) = page
        return found
    }

    /// The first `…Page` object that states when it was published.
    private static func firstPage(in json: Any, depth: Int) -> [String: Any]? {
        guard depth < 8 else { return nil }
        if let list = json as? [Any] {
            for element in list {
                if let found = firstPage(in: element, depth: depth + 1) { return found }
            }
            return nil
        }
        guard let object = json as? [String: Any] else { return nil }
        let types = (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? [(object["@type"] as? String) ?? ""]
        if types.contains(where: { $0.hasSuffix("Page") }), object["datePublished"] is String { return object }
        if let graph = object["@graph"], let found = firstPage(in: graph, depth: depth + 1) { return found }
        return nil
    }

    static func isArticleType(_ type: Any?) -> Bool {
        let types = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
        return types.contains {
            $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "LiveBlogPosting" || $0 == "Report"
        }
    }

    private static func firstArticle(in json: Any, depth: Int) -> [String: Any]? {
        guard depth < 8 else { return nil }
        if let list = json as? [Any] {
            for element in list {
                if let found = firstArticle(in: element, depth: depth + 1) { return found }
            }
            return nil
        }
        guard let object = json as? [String: Any] else { return nil }
        if isArticleType(object["@type"]) { return object }
        if let graph = object["@graph"], let found = firstArticle(in: graph, depth: depth + 1) { return found }
        if let main = object["mainEntity"], let found = firstArticle(in: main, depth: depth + 1) { return found }
        return nil
    }

    private static func read(_ object: [String: Any]) -> JSONLDArticle {
        var article = JSONLDArticle()
        article.headline = text(object["headline"]) ?? text(object["name"])
        article.authors = names(object["author"])
        article.published = text(object["datePublished"]) ?? text(object["dateCreated"])
        article.modified = text(object["dateModified"])
        article.publisher = names(object["publisher"]).first
        article.language = text(object["inLanguage"]) ?? names(object["inLanguage"]).first
        if let body = object["articleBody"] as? String {
            article.body = body.split(whereSeparator: \.isNewline).map(TextNormalisation.foldWhitespace)
                .filter { !$0.isEmpty }
        }
        article.url =
            text(object["url"]) ?? text(object["mainEntityOfPage"])
            ?? ((object["mainEntityOfPage"] as? [String: Any]).flatMap { text($0["@id"]) ?? text($0["url"]) })
        return article
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let folded = TextNormalisation.foldWhitespace(string)
        return folded.isEmpty ? nil : folded
    }

    /// A person or organisation given as a string, an object with `name`, or a list of either.
    private static func names(_ value: Any?) -> [String] {
        if let list = value as? [Any] { return list.flatMap { names($0) } }
        if let string = text(value) { return [string] }
        if let object = value as? [String: Any], let name = text(object["name"]) { return [name] }
        return []
    }
}
