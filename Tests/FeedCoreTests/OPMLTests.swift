import FeedCore
import Foundation
import Testing

@Suite("OPML: subscription lists as Feedly, Inoreader, NetNewsWire and Thunderbird export them")
struct OPMLTests {
    private func read(_ name: String) throws -> OPMLDocument {
        try OPMLReader().read(try fixtureBytes(name, "opml", subdirectory: "Fixtures/opml"))
    }

    private func read(text: String) throws(OPMLError) -> OPMLDocument {
        try OPMLReader().read(Array(text.utf8))
    }

    @Test("Feedly: nested folders give each feed its folder path, outermost first; &amp; is decoded")
    func feedlyFolders() throws {
        let document = try read("feedly-nested-folders")
        #expect(document.title == "Jane subscriptions in feedly Cloud")
        #expect(document.wellFormed)
        #expect(document.warnings.isEmpty)
        #expect(document.subscriptions.count == 7)
        let lwn = try #require(document.subscriptions.first { $0.title == "LWN.net" })
        #expect(lwn.xmlURL == "https://lwn.net/headlines/rss")
        #expect(lwn.htmlURL == "https://lwn.net")
        #expect(lwn.folders == ["Tech", "Linux & Open Source"])
        #expect(lwn.line == 12)
        let ars = document.subscriptions.filter { $0.title == "Ars Technica" }
        #expect(ars.map(\.folders) == [["Tech"], ["Must Read"]], "a duplicate is the reader's to report, not to drop")
        #expect(
            document.subscriptions.first { $0.xmlURL.contains("lemonde") }?.title
                == "Le Monde.fr - Actualités et Infos en France et dans le monde"
        )
        #expect(
            document.subscriptions.map(\.folders.first) == [
                "Tech", "Tech", "Tech", "Tech", "World News", "World News", "Must Read",
            ]
        )
    }

    @Test("Inoreader: an &amp; inside xmlUrl is decoded; the same feed in two folders is listed twice")
    func inoreader() throws {
        let document = try read("inoreader-duplicates")
        #expect(document.subscriptions.count == 7)
        #expect(
            document.subscriptions[0].xmlURL
                == "https://www.reutersagency.com/feed/?best-topics=political-general&post_type=best"
        )
        #expect(
            document.subscriptions.filter { $0.xmlURL == "https://www.nature.com/nature.rss" }.map(\.folders)
                == [["Science"], ["Daily"], []]
        )
    }

    @Test("NetNewsWire: a blank title falls back to text, then to nil; top-level feeds have no folder")
    func missingTitles() throws {
        let document = try read("netnewswire-missing-titles")
        let byURL = Dictionary(document.subscriptions.map { ($0.xmlURL, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byURL["https://daringfireball.net/feeds/main"]?.folders == [])
        #expect(byURL["https://www.pointfree.co/blog/posts.rss"]?.title == "Point-Free")
        let sundell = try #require(byURL["https://www.swiftbysundell.com/rss"])
        #expect(sundell.title == nil)
        #expect(sundell.htmlURL == nil, "an empty htmlUrl is no address")
        #expect(byURL["https://example.org/quoted/feed.xml"]?.title == "\"Quoted\" \\ Backslash \u{263A}")
        // Schemes are the caller's to judge; the reader keeps what the file says.
        #expect(byURL["feed://atp.fm/rss"]?.folders == ["Podcasts & Radio"])
        #expect(byURL["file:///Users/jane/notes.xml"] != nil)
    }

    @Test("an outline with a blank xmlUrl is skipped with a warning naming its line")
    func blankXMLURL() throws {
        let document = try read("netnewswire-missing-titles")
        #expect(!document.subscriptions.contains { $0.title == "Broken" })
        #expect(document.warnings.map(\.description) == ["line 17: outline \"Broken\" has an empty xmlUrl; skipped"])
    }

    @Test("Thunderbird: the account is the outermost folder; fz: attributes are ignored")
    func thunderbird() throws {
        let document = try read("thunderbird-account-folder")
        #expect(document.title == "Thunderbird OPML Export - Blogs & News Feeds")
        #expect(
            document.subscriptions.map(\.title) == [
                "LWN.net", "Planet Debian", "Mozilla Hacks – the Web developer blog",
            ]
        )
        #expect(
            document.subscriptions.map(\.folders) == [
                ["Blogs & News Feeds", "Linux"], ["Blogs & News Feeds", "Linux"], ["Blogs & News Feeds"],
            ]
        )
    }

    @Test("a file that is not well-formed is read on past the break, with a warning that says where")
    func illFormed() throws {
        let document = try read("ill-formed-unescaped-ampersand")
        #expect(!document.wellFormed)
        #expect(
            document.subscriptions.map(\.xmlURL) == [
                "https://hnrss.org/frontpage", "https://hnrss.org/newest?q=swift&points=50", "https://lobste.rs/rss",
                "https://example.org/qa?a=1&b=2&c=3",
            ],
            "a bare & is kept, not dropped with the word after it; references stay references"
        )
        #expect(document.subscriptions.last?.title == "Q&A\u{A0}Night")
        let warning = try #require(document.warnings.first?.description)
        #expect(warning.contains("not well-formed XML (line 6"))
        #expect(warning.contains("recovering parser"))
    }

    @Test("the declared charset is honoured")
    func latin1() throws {
        let document = try read("latin1-declared")
        #expect(document.title == "Actualités")
        #expect(document.subscriptions.map(\.title) == ["Le Monde à la une"])
    }

    @Test("a feed, an HTML page, a compressed file or nothing at all is not OPML, and the error says what it is")
    func notOPML() throws {
        #expect(throws: OPMLError.notOPML(found: "found an XML document whose root element is <rss>")) {
            try read(text: "<rss version=\"2.0\"><channel><title>x</title></channel></rss>")
        }
        #expect(throws: OPMLError.self) { try read(text: "<!DOCTYPE html><html><body>hi</body></html>") }
        #expect(throws: OPMLError.notOPML(found: "the document is empty")) { try read(text: "") }
        let gzip = try fixtureBytes("rss20.xml", "gz", subdirectory: "Fixtures/binary")
        #expect(throws: OPMLError.notOPML(found: "found gzip-compressed data (decompress it first)")) {
            try OPMLReader().read(gzip)
        }
    }

    @Test("external entities are not loaded and entity bombs are refused")
    func hardened() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <opml version="1.0"><body><outline text="a&secret;b" xmlUrl="https://example.org/feed"/></body></opml>
            """
        let document = try read(text: xxe)
        #expect(document.subscriptions.count == 1)
        #expect(document.subscriptions[0].title?.contains("root:") == false)
        var bomb = "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY a0 \"lol\">"
        for level in 1...10 {
            bomb += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        bomb += "]><opml><body><outline text=\"&a10;\" xmlUrl=\"https://example.org/feed\"/></body></opml>"
        #expect(throws: OPMLError.self) { try read(text: bomb) }
    }
}
