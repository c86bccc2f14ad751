import Foundation
import Testing

@testable import FeedCore

@Suite("Links are resolved and normalised")
struct URLResolutionTests {
    @Test(
        "normalisedLink",
        arguments: [
            ("https://example.org", "https://example.org/"),
            ("  http://Example.ORG/Path/Kept?b=2&a=1  ", "https://example.org/Path/Kept?b=2&a=1"),
            ("https://example.org:443/x#section", "https://example.org/x"),
            ("http://example.org:8080/x", "https://example.org:8080/x"),
            ("https://example.org/x?utm_source=rss&UTM_Medium=feed&fbclid=abc", "https://example.org/x"),
            ("https://example.org/x?id=1&utm_campaign=c&page=2", "https://example.org/x?id=1&page=2"),
            ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
            ("urn:uuid:1234", "urn:uuid:1234"),
            ("/relative/path", "/relative/path"),
        ]
    )
    func normalised(input: String, expected: String) {
        #expect(URLResolution.normalisedLink(input) == expected)
    }

    @Test("relative references resolve against the base")
    func resolve() {
        let base = URL(string: "https://news.example.org/world/index.html")
        #expect(URLResolution.resolve("story.html", against: base) == "https://news.example.org/world/story.html")
        #expect(URLResolution.resolve("/about", against: base) == "https://news.example.org/about")
        #expect(URLResolution.resolve("//cdn.example.net/a.jpg", against: base) == "https://cdn.example.net/a.jpg")
        #expect(URLResolution.resolve(" https://other.example/x ", against: base) == "https://other.example/x")
        #expect(URLResolution.resolve("story.html", against: nil) == nil)
        #expect(URLResolution.resolve("   ", against: base) == nil)
    }

    @Test("plain absolute http(s) links: the prefixes exactly, and every byte value at any place after them")
    func plainAbsoluteHTTP() {
        for (text, plain) in [
            ("http://x", true), ("https://x", true), ("http://", false), ("https://", false), ("http:/x", false),
            ("HTTP://x", false), ("https:/x", false), ("httpsx//x", false), ("ftp://x", false), ("", false),
            ("https:", false),
        ] {
            #expect(URLResolution.isPlainAbsoluteHTTP(text) == plain, "\(text)")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?#&=%:+,;@!$*()".utf8)
        for value in UInt8.min...UInt8.max {
            for prefix in ["http://", "https://a.example/"] {
                // Within the first block after the prefix, at either end of one, and in the tail after the blocks.
                for offset in [0, 1, 15, 16, 17, 31, 40] {
                    let bytes =
                        Array(prefix.utf8) + Array(repeating: UInt8(ascii: "a"), count: offset) + [value]
                        + Array("end".utf8)
                    let plain = bytes.withUnsafeBufferPointer { URLResolution.isPlainAbsoluteHTTP($0) }
                    #expect(plain == allowed.contains(value), "\(prefix) + \(offset) + \(value)")
                }
            }
        }
    }
}
