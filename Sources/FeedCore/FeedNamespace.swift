/// The namespace URIs the feed readers recognise.
enum FeedNamespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let dublinCoreTerms = "http://purl.org/dc/terms/"
    static let syndication = "http://purl.org/rss/1.0/modules/syndication/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// The vocabularies a namespace URI belongs to; several URIs are spelled more than one way in the wild.
    enum Vocabulary {
        case rss, atom, rdf, content, dublinCore, dublinCoreTerms, syndication, media, itunes, xhtml, other
    }

    static func vocabulary(_ uri: String?) -> Vocabulary {
        guard let uri else { return .rss }
        switch uri {
        case rss10, rss090, "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss": return .rss
        case atom10, atom03: return .atom
        case rdf: return .rdf
        case content: return .content
        case dublinCore: return .dublinCore
        case dublinCoreTerms: return .dublinCoreTerms
        case syndication: return .syndication
        case itunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd": return .itunes
        case xhtml: return .xhtml
        default:
            if uri.hasPrefix("http://search.yahoo.com/mrss") || uri.hasPrefix("https://search.yahoo.com/mrss") {
                return .media
            }
            return .other
        }
    }
}
