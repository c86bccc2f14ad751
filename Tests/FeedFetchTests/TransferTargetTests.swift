import Testing

@testable import FeedFetch

@Suite("Per-host keys and URL checks before queueing")
struct TransferTargetTests {
    @Test(arguments: [
        ("http://Example.COM/feed", "http://example.com:80"),
        ("https://example.com/feed?x=1", "https://example.com:443"),
        ("https://user:pw@example.com:8443/x", "https://example.com:8443"),
        ("http://[::1]:8080/x", "http://[::1]:8080"),
        ("http://[::1]/x", "http://[::1]:80"),
        ("HTTPS://example.com#frag", "https://example.com:443"),
        ("https://ÜBER.Example.de/x", "https://über.example.de:443"),
    ])
    func hostKey(url: String, key: String) throws {
        #expect(try TransferTarget(validating: FetchRequest(url: url)).hostKey == key)
    }

    @Test(arguments: [
        "example.com/feed", "http:/example.com", "http://", "http://exa mple.com/", "http://h:99999/", "http://h:x/",
        "http://h:0/", "http://h:/", "http://h:+80/", "ftp://example.com/", "https//example.com",
    ])
    func refusesMalformedURL(url: String) {
        #expect(throws: FetchError.self) { try TransferTarget(validating: FetchRequest(url: url)) }
    }
}
