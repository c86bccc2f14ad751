import FeedFetch
import FetchTestServer
import Foundation
import Testing

@Suite("Fetching: status, body, validators, compression, redirects")
struct FetchResponseTests {
    @Test func fetchesBodyHeadersCharsetAndTimings() async throws {
        try await withServer { server, fetcher in
            let url = server.baseURL + "/feed"
            let response = try await fetcher.fetch(FetchRequest(url: url))
            #expect(response.status == 200)
            #expect(response.outcome == .content)
            #expect(response.httpVersion == "1.1")
            #expect(String(decoding: response.body, as: UTF8.self) == "<rss>hello feed</rss>")
            #expect(response.charset == "ISO-8859-1")
            #expect(response.etag == "\"v1\"")
            #expect(response.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
            #expect(response.finalURL == url)
            #expect(response.redirectStatuses.isEmpty)
            #expect(!response.movedPermanently)
            #expect(response.timings.total > .zero)
            #expect(response.timings.firstByte <= response.timings.total)
            #expect(response.wireBytes > response.decodedBytes)
        }
    }

    @Test(arguments: [("\"v1\"", nil), (nil, "Wed, 21 Oct 2015 07:28:00 GMT")] as [(String?, String?)])
    func conditionalGetReportsNotModified(etag: String?, lastModified: String?) async throws {
        try await withServer { server, fetcher in
            let request = FetchRequest(url: server.baseURL + "/feed", etag: etag, lastModified: lastModified)
            let response = try await fetcher.fetch(request)
            #expect(response.status == 304)
            #expect(response.outcome == .notModified)
            #expect(response.body.isEmpty)
            let sent = server.statistics.snapshot.lastRequestHeaders
            if let etag { #expect(sent.contains { $0.0.lowercased() == "if-none-match" && $0.1 == etag }) }
            if let lastModified {
                #expect(sent.contains { $0.0.lowercased() == "if-modified-since" && $0.1 == lastModified })
            }
        }
    }

    @Test func staleValidatorGetsTheBody() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed", etag: "\"v0\""))
            #expect(response.status == 200)
            #expect(!response.body.isEmpty)
        }
    }

    @Test func decodesGzipAndAdvertisesIt() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/gzip"))
            #expect(response.body == (try fixture("feed.xml")))
            #expect(response.wireBytes < response.decodedBytes)
            let acceptEncoding = server.statistics.snapshot.lastRequestHeaders.first {
                $0.0.lowercased() == "accept-encoding"
            }
            #expect(acceptEncoding?.1.contains("gzip") == true)
        }
    }

    @Test func readsChunkedBody() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/chunked"))
            #expect(response.headers.value(for: "transfer-encoding") == "chunked")
            #expect(String(decoding: response.body, as: UTF8.self) == (0..<5).map { "chunk \($0)\n" }.joined())
        }
    }

    @Test func sendsRequestHeadersAndUserAgent() async throws {
        try await withServer(configured { $0.userAgent = "feedwatch-test/1" }) { server, fetcher in
            let request = FetchRequest(
                url: server.baseURL + "/headers",
                headers: [HTTPHeader(name: "X-Api-Key", value: "k1")]
            )
            let text = String(decoding: try await fetcher.fetch(request).body, as: UTF8.self)
            #expect(text.contains("X-Api-Key: k1"))
            #expect(text.contains("User-Agent: feedwatch-test/1"))
        }
    }

    /// A source's own User-Agent replaces the configured one: one User-Agent line goes out, the source's.
    @Test func aSourcesUserAgentReplacesTheConfiguredOne() async throws {
        try await withServer(configured { $0.userAgent = "feedwatch-test/1" }) { server, fetcher in
            let request = FetchRequest(
                url: server.baseURL + "/headers",
                headers: [HTTPHeader(name: "user-agent", value: "custom/2")]
            )
            let text = String(decoding: try await fetcher.fetch(request).body, as: UTF8.self)
            let agents = text.split(separator: "\n").filter { $0.lowercased().hasPrefix("user-agent:") }
            #expect(agents.map { $0.lowercased() } == ["user-agent: custom/2"], "\(text)")
        }
    }

    @Test func refusesHeaderWithLineBreak() async throws {
        try await withServer { server, fetcher in
            let request = FetchRequest(url: server.baseURL + "/feed", etag: "\"v1\"\r\nX-Injected: 1")
            let error = await fetchError { try await fetcher.fetch(request) }
            guard case .invalidRequest = error?.reason else {
                Issue.record("got \(String(describing: error))")
                return
            }
            #expect(server.statistics.snapshot.requests == 0)
        }
    }

    @Test func followsPermanentRedirectChain() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/redirect/permanent/4"))
            #expect(response.status == 200)
            #expect(response.finalURL == server.baseURL + "/feed")
            #expect(response.redirectStatuses == [308, 301, 308, 301])
            #expect(response.movedPermanently)
            #expect(String(decoding: response.body, as: UTF8.self) == "<rss>hello feed</rss>")
        }
    }

    @Test func temporaryHopMeansNotMoved() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/redirect/mixed"))
            #expect(response.status == 200)
            #expect(response.redirectStatuses == [301, 302])
            #expect(!response.movedPermanently)
        }
    }

    @Test(arguments: ["/loop", "/redirect/permanent/6"])
    func stopsAfterFiveRedirects(path: String) async throws {
        try await withServer { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(FetchRequest(url: server.baseURL + path)) }
            #expect(error?.reason == .tooManyRedirects(limit: 5))
            #expect(error?.description.contains("more than 5 redirects") == true)
        }
    }

    @Test func refusesRedirectToFileURL() async throws {
        try await withServer { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/to-file")) }
            #expect(error?.reason == .protocolRefused(scheme: "file", onRedirect: true))
        }
    }

    @Test(arguments: [
        "file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "dict://127.0.0.1/", "ldap://127.0.0.1/",
    ])
    func refusesNonHTTPSchemes(url: String) async throws {
        let fetcher = Fetcher()
        let error = await fetchError { try await fetcher.fetch(FetchRequest(url: url)) }
        let scheme = String(url.prefix { $0 != ":" })
        #expect(error?.reason == .protocolRefused(scheme: scheme, onRedirect: false))
        await fetcher.shutdown()
    }

    @Test func reportsRetryAfterSeconds() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/retry-seconds"))
            #expect(response.status == 429)
            #expect(response.outcome == .httpError)
            #expect(response.retryAfter == .seconds(120))
        }
    }

    @Test func reportsRetryAfterDate() async throws {
        try await withServer { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/retry-date"))
            #expect(response.status == 429)
            #expect(response.retryAfter == .date(Date(timeIntervalSince1970: 1_445_412_480)))
            #expect(server.statistics.snapshot.requests == 1)  // nothing is retried inside the fetcher
        }
    }
}
