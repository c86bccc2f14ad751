/// The JSON form of an ``Article`` that `feedwatch extract` prints: keys in a fixed order, dates in ISO 8601
/// UTC (an assumed zone is said so), absent values as `null`.
public enum ArticleJSON {
    /// Encodes an article, indented by two spaces per level, with a final newline.
    public static func encode(_ article: Article) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { w in
            w.key("title")
            w.string(article.title)
            w.key("authors")
            w.array(article.authors) { w, author in w.string(author) }
            w.key("site_name")
            w.string(article.siteName)
            w.key("canonical_url")
            w.string(article.canonicalURL)
            w.key("published")
            w.date(article.published)
            w.key("updated")
            w.date(article.updated)
            w.key("reading_time_minutes")
            w.int(article.readingTimeMinutes)
            w.key("reading_time_source")
            w.string(article.readingTimeSource?.rawValue)
            w.key("language")
            w.string(article.language)
            w.key("paragraph_count")
            w.int(article.paragraphs.count)
            w.key("paragraphs")
            w.array(article.paragraphs) { w, paragraph in w.string(paragraph) }
            w.key("boilerplate")
            w.array(article.boilerplate) { w, text in w.string(text) }
        }
        writer.newline()
        return writer.takeBytes()
    }
}
