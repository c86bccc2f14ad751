import Foundation
import Testing

@testable import FeedWatch

/// How a `[[source]]` table's values are checked.
@Suite struct ConfigSourceTableTests {
    /// The byte check that lets a plain URL skip Foundation's parser may only accept what the parser accepts
    /// as an http or https URL with a host; everything else still goes to the parser, which has the last word.
    @Test(arguments: [
        ("https://example.com/feed.xml", true), ("http://127.0.0.1:8080/a/b.rss?x=1&y=2#top", true),
        ("https://news.example.co.uk", true), ("http://a-b.example/feed_(1)~;=,+*'!$@:[x]", true),
        ("https://example.com:65535/", true), ("https://example.com?q", true),
        ("https://example.com:0/", false), ("https://example.com:65536/", false), ("https://example.com:/", false),
        ("https://example.com:123456/", false), ("HTTPS://example.com/", false), ("ftp://example.com/", false),
        ("https:///feed", false), ("https://-example.com/", false), ("https://.example.com/", false),
        ("https://user@example.com/", false), ("https://[::1]/", false), ("https://example.com/a b", false),
        ("https://example.com/%41", false), ("https://exämple.com/", false), ("https://example.com\\x", false),
        ("example.com/rss", false), ("https://", false), ("https://example.com/\"", false),
    ])
    func plainURLsAreOnlyWhatTheParserAccepts(url: String, plain: Bool) {
        #expect(ConfigSourceTable.isPlainHTTPURL(url) == plain)
        if plain {
            let parsed = URL(string: url)
            #expect(["http", "https"].contains(parsed?.scheme?.lowercased()))
            #expect(parsed?.host?.isEmpty == false)
        }
    }
}
