import FeedCore
import FeedFetch
import FeedStore
import FetchTestServer
import Foundation
import Testing

@testable import FeedWatch

/// One poll against a real HTTP server: conditional GET, unchanged bodies, full text and its address policy.
@Suite struct SourcePollerTests {
    let server: ScriptedHTTPServer
    let directory: URL
    let store: FeedStore
    let fetcher = Fetcher()

    init() async throws {
        server = try await ScriptedHTTPServer()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("poller-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
    }

    private func feed(_ articles: [Int]) -> ScriptedResponse {
        let items = articles.map { n in
            "<item><guid>a\(n)</guid><title>Article \(n)</title><link>\(server.baseURL)/article/\(n)</link>"
                + "<description>Teaser \(n).</description></item>"
        }.joined()
        return .feed("<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>")
    }

    private func source(fullText: Bool, allowPrivate: Bool) -> SourceConfig {
        var source = SourceConfig(name: "full", location: .url(server.baseURL + "/feed"))
        source.fullText = fullText
        source.allowPrivateAddresses = allowPrivate
        return source
    }

    /// Polls, commits like the daemon, and returns the draft.
    private func pollAndCommit(_ source: SourceConfig) async throws -> PollDraft {
        let poller = SourcePoller(fetcher: fetcher, store: store, daemon: DaemonConfig())
        let draft = await poller.poll(source, address: source.address, state: try store.sourceState(named: source.name))
        var poll = PollResult(
            sourceName: source.name,
            sourceURL: source.address,
            fetch: draft.fetch,
            items: draft.items,
            fetchedAt: draft.startedAt,
            extractorVersion: draft.extractorVersion
        )
        poll.feedHashes = draft.feedHashes
        _ = try store.ingest(poll)
        return draft
    }

    @Test func fullTextFetchesEachNewEntrysPageOnce() async throws {
        let page = try fixture("documents/article.html")
        for n in 1...3 {
            server.set(
                "/article/\(n)",
                ScriptedResponse(headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
            )
        }
        server.set("/feed", feed([1, 2]))
        let first = try await pollAndCommit(source(fullText: true, allowPrivate: true))
        #expect(first.failure == nil)
        #expect(first.items.count == 2)
        #expect(first.extractorVersion == ArticleExtractor.version)
        #expect(first.items.allSatisfy { ($0.contentText ?? "").count > 200 }, "the article's text, not the teaser")
        #expect(first.feedHashes.count == 2)

        let again = try await pollAndCommit(source(fullText: true, allowPrivate: true))
        #expect(again.unchanged, "304: the validators were sent back")
        #expect(again.fetch.status == 304)

        server.set("/feed", feed([1, 2, 3]))
        let third = try await pollAndCommit(source(fullText: true, allowPrivate: true))
        #expect(third.unchangedEntries == 2)
        #expect(third.items.count == 1)
        #expect(server.requests("/article/1") == 1)
        #expect(server.requests("/article/3") == 1)
        #expect(try store.items(ItemQuery(source: "full", limit: 10)).count == 3)
    }

    @Test func articleLinksAreUntrustedUnlessTheSourceAllowsPrivateAddresses() async throws {
        server.set(
            "/article/1",
            ScriptedResponse(headers: [("Content-Type", "text/html")], body: try fixture("documents/article.html"))
        )
        server.set("/feed", feed([1]))
        let draft = try await pollAndCommit(source(fullText: true, allowPrivate: false))
        #expect(draft.failure == nil, "the feed itself is configured, hence trusted")
        #expect(server.requests("/article/1") == 0, "a link found in a feed must not reach 127.0.0.1")
        #expect(draft.warnings.contains { $0.contains("/article/1") })
        #expect(
            draft.items.first?.summary == "Teaser 1." && draft.items.first?.contentText == nil,
            "kept with the feed's text"
        )
        #expect(draft.feedHashes.isEmpty, "no feed hash recorded, so the next poll tries the page again")
    }

    @Test func aSameBodyEndsThePollWithoutParsing() async throws {
        // No ETag: the server answers 200 with the same bytes every time.
        server.set(
            "/feed",
            ScriptedResponse(body: Array("<rss version=\"2.0\"><channel><title>T</title></channel></rss>".utf8))
        )
        _ = try await pollAndCommit(source(fullText: false, allowPrivate: false))
        let second = try await pollAndCommit(source(fullText: false, allowPrivate: false))
        #expect(second.fetch.status == 200)
        #expect(second.unchanged)
    }

    @Test func failuresAreWordedWithTheURL() async throws {
        server.set("/feed", ScriptedResponse(status: 503, headers: [("Retry-After", "120")]))
        let draft = try await pollAndCommit(source(fullText: false, allowPrivate: false))
        #expect(draft.failure == "HTTP 503")
        #expect(draft.retryAfter == .seconds(120))
        server.set("/feed", ScriptedResponse(body: Array("not a feed at all".utf8)))
        var feedOnly = source(fullText: false, allowPrivate: false)
        feedOnly.kind = .feed
        let notFeed = try await pollAndCommit(feedOnly)
        #expect(notFeed.failure?.hasPrefix(server.baseURL + "/feed: not a feed") == true)
    }

    /// Validators belong to the URL that sent them: after the config points a source elsewhere, a server that
    /// happens to use the same ETag must not get to answer 304 for a feed never read.
    @Test func validatorsOfTheOldURLAreNotSentToANewOne() async throws {
        let shared = ScriptedResponse(
            headers: [("Content-Type", "application/rss+xml")],
            body: Array(
                "<rss version=\"2.0\"><channel><title>T</title><item><guid>a1</guid><title>A</title></item></channel></rss>"
                    .utf8
            ),
            etag: "\"v1\""
        )
        var moved = shared
        moved.body = Array(
            "<rss version=\"2.0\"><channel><title>T</title><item><guid>b1</guid><title>B</title></item></channel></rss>"
                .utf8
        )
        server.set("/feed", shared)
        server.set("/elsewhere", moved)
        let first = try await pollAndCommit(SourceConfig(name: "s", location: .url(server.baseURL + "/feed")))
        #expect(first.items.count == 1)

        let again = try await pollAndCommit(SourceConfig(name: "s", location: .url(server.baseURL + "/feed")))
        #expect(again.fetch.status == 304, "the same URL gets its validators back")

        let repointed = try await pollAndCommit(SourceConfig(name: "s", location: .url(server.baseURL + "/elsewhere")))
        #expect(repointed.fetch.status == 200)
        #expect(repointed.items.map(\.title) == ["B"])
    }
}
