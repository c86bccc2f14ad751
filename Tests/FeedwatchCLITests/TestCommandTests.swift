import FeedStore
import FetchTestServer
import Foundation
import Testing

/// `feedwatch test NAME`, `once` and `status` against a real server and a store the test filled.
@Suite(.serialized) struct TestCommandTests {
    /// A new temporary directory holding `feedwatch.toml` with `toml`: the caller removes the directory.
    static func configDirectory(_ toml: String) throws -> (directory: URL, config: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedwatch-test-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("feedwatch.toml").path
        try toml.write(toFile: config, atomically: true, encoding: .utf8)
        return (directory, config)
    }

    @Test func testTracesEveryDecisionAndWritesNothing() async throws {
        let server = try await ScriptedHTTPServer()
        var stories = RunCommandTests.stories(1, 2)
        server.set("/feed", .feed(RunCommandTests.rss("Feed", stories)))
        let (directory, config) = try Self.configDirectory(
            "[daemon]\nstore = \"store.sqlite\"\nlog_format = \"json\"\n[[source]]\nname = \"kyiv\"\nurl = \"\(server.baseURL)/feed\"\n"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path

        let fresh = try ParseCommandTests.feedwatch(["test", "--config", config, "kyiv"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("request: GET \(server.baseURL)/feed"))
        #expect(fresh.stdout.contains("If-None-Match: (none stored)"))
        #expect(fresh.stdout.contains("response: status 200"))
        #expect(fresh.stdout.components(separatedBy: "  new: ").count == 3, "\(fresh.stdout)")
        #expect(fresh.stdout.contains("next poll: "))
        #expect(fresh.stdout.contains("nothing was written to the store"))
        #expect(!FileManager.default.fileExists(atPath: store), "test created the store")

        let once = try ParseCommandTests.feedwatch(["once", "--config", config])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(once.stderr.contains("polled 1 of 1 sources: 2 new"))

        let unchanged = try ParseCommandTests.feedwatch(["test", "--config", config, "kyiv"])
        #expect(unchanged.stdout.contains("If-None-Match: \""))
        #expect(unchanged.stdout.contains("unchanged: 304 Not Modified"))

        stories[0] = RunCommandTests.Story(
            guid: stories[0].guid,
            title: stories[0].title,
            text: stories[0].text + " Corrected."
        )
        server.set("/feed", .feed(RunCommandTests.rss("Feed", stories)))
        let edited = try ParseCommandTests.feedwatch(["test", "--config", config, "kyiv"])
        #expect(edited.stdout.contains("  revised: \(stories[0].title) — known story"), "\(edited.stdout)")
        #expect(edited.stdout.contains("  duplicate: \(stories[1].title) — story"))
        #expect(edited.stdout.contains("would store: 0 new, 1 revised"))
        let after = try ParseCommandTests.feedwatch(["items", "--config", config, "--json"])
        #expect(!after.stdout.contains("\"revisions\":2"), "test wrote a revision")

        let status = try ParseCommandTests.feedwatch(["status", "--config", config])
        #expect(status.status == 0)
        let lines = status.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SOURCE") == true)
        #expect(lines.count == 2)
        #expect(lines.last?.contains("kyiv") == true && lines.last?.contains("healthy") == true)
        let json = try ParseCommandTests.feedwatch(["status", "--config", config, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["items"] as? Int == 2)
        #expect(object["status_200"] as? Int == 1)
        #expect(object["next_reason"] as? String == "interval")

        // A source added to the config and not polled yet is listed, so a source that never ran is visible.
        try "[daemon]\nstore = \"store.sqlite\"\n[[source]]\nname = \"kyiv\"\nurl = \"\(server.baseURL)/feed\"\n"
            .appending("[[source]]\nname = \"odesa\"\nurl = \"\(server.baseURL)/odesa\"\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let withNew = try ParseCommandTests.feedwatch(["status", "--config", config]).stdout.split(separator: "\n")
        #expect(withNew.count == 3)
        #expect(withNew.last?.hasPrefix("odesa") == true && withNew.last?.contains("not_polled") == true, "\(withNew)")
        let newJSON = try ParseCommandTests.feedwatch(["status", "--config", config, "--json"]).stdout.split(
            separator: "\n"
        )
        let odesa = try #require(
            try JSONSerialization.jsonObject(with: Data((newJSON.last ?? "").utf8)) as? [String: Any]
        )
        #expect(odesa["source"] as? String == "odesa" && odesa["health"] as? String == "not_polled")
        #expect(odesa["url"] as? String == "\(server.baseURL)/odesa")
        let byStore = try ParseCommandTests.feedwatch(["status", "--store", store]).stdout.split(separator: "\n")
        #expect(byStore.count == 2, "without --config there is no list of configured sources")

        let missing = try ParseCommandTests.feedwatch(["test", "--config", config, "rome"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no source named 'rome' (sources: kyiv, odesa)"))
        try await server.shutdown()
    }

    /// A permanent redirect is traced hop by hop, and a page source shows what the extractor made of the page:
    /// the operator sees at once whether it picked the article or a cookie banner.
    @Test func testTracesARedirectAndAPagesExtractionResult() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/old", ScriptedResponse(status: 301, headers: [("Location", "/feed")]))
        server.set("/feed", .feed(RunCommandTests.rss("Feed", RunCommandTests.stories(1, 2))))
        let page = try Data(
            contentsOf: ParseCommandTests.repository.appendingPathComponent("Samples/pages/czech-tanks.html")
        )
        let html = ScriptedResponse(headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page))
        server.set("/article", html)
        server.set("/pages/s1-1", html)
        server.set(
            "/teasers",
            .feed(RunCommandTests.rss("Teasers", RunCommandTests.stories(1, 1), link: "\(server.baseURL)/pages/"))
        )
        let (directory, config) = try Self.configDirectory(
            """
            [daemon]
            store = "store.sqlite"
            [[source]]
            name = "moved"
            url = "\(server.baseURL)/old"
            [[source]]
            name = "bridge"
            url = "\(server.baseURL)/article"
            kind = "page"
            [[source]]
            name = "teasers"
            url = "\(server.baseURL)/teasers"
            full_text = true
            allow_private_addresses = true
            """
        )
        defer { try? FileManager.default.removeItem(at: directory) }

        let moved = try ParseCommandTests.feedwatch(["test", "--config", config, "moved"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("redirects: 301 to \(server.baseURL)/feed — all permanent"), "\(moved.stdout)")
        #expect(moved.stdout.components(separatedBy: "  new: ").count == 3)

        let bridge = try ParseCommandTests.feedwatch(["test", "--config", config, "bridge"])
        #expect(bridge.status == 0, "\(bridge.stderr)")
        let lines = bridge.stdout.split(separator: "\n").map(String.init)
        let extracted = try #require(lines.first { $0.hasPrefix("extracted: ") }, "\(bridge.stdout)")
        #expect(extracted.hasPrefix("extracted: \"Harbour bridge reopens after two years of repairs\""))
        let length = try #require(
            extracted.firstMatch(of: /, (\d+) characters of text/).flatMap { Int($0.1) },
            "\(extracted)"
        )
        #expect(length > 500, "the article's paragraphs, not a teaser: \(extracted)")
        let text = try #require(lines.first { $0.hasPrefix("  text: ") })
        #expect(text.hasPrefix("  text: The harbour bridge reopened to traffic on Tuesday morning"), "\(text)")
        #expect(text.count == "  text: ".count + 200 + 1 && text.hasSuffix("…"), "the first 200 characters: \(text)")
        #expect(!text.contains("cookies"))

        // A full_text feed: each entry's page extracted in place of the feed's teaser (the entry keeps its title).
        let teasers = try ParseCommandTests.feedwatch(["test", "--config", config, "teasers"])
        #expect(teasers.status == 0, "\(teasers.stderr)")
        #expect(
            teasers.stdout.contains(
                "extracted: \"Story 1 of source 1\", \(length) characters of text; link \(server.baseURL)/pages/s1-1\n  text: The harbour"
            ),
            "\(teasers.stdout)"
        )
        try await server.shutdown()
    }

    @Test func onceExitsNonZeroAndListsFailedSources() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/ok", .feed(RunCommandTests.rss("Feed", RunCommandTests.stories(2, 1))))
        server.set("/gone", ScriptedResponse(status: 410))
        let (directory, config) = try Self.configDirectory(
            """
            [daemon]
            store = "store.sqlite"
            [[source]]
            name = "ok"
            url = "\(server.baseURL)/ok"
            [[source]]
            name = "gone"
            url = "\(server.baseURL)/gone"
            """
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try ParseCommandTests.feedwatch(["once", "--config", config])
        #expect(run.status == 1)
        #expect(run.stderr.contains("polled 2 of 2 sources: 1 new"))
        #expect(run.stderr.contains("  gone: HTTP 410"))
        let records = run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(records.filter { $0["msg"] as? String == "poll" }.count == 2, "one JSON poll line per source")
        #expect(records.contains { $0["event"] as? String == "backing_off" && $0["source"] as? String == "gone" })
        try await server.shutdown()
    }

    /// Another process holding the store open (a daemon, `tail`) keeps SQLite from folding the write-ahead log in
    /// when `once` closes its connections: `once` checkpoints it itself, so the log does not grow run after run.
    @Test func onceFoldsTheWriteAheadLogInEvenWhileAnotherConnectionIsOpen() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/feed", .feed(RunCommandTests.rss("Feed", RunCommandTests.stories(1, 2))))
        let (directory, config) = try Self.configDirectory(
            "[daemon]\nstore = \"store.sqlite\"\nlog_format = \"json\"\n[[source]]\nname = \"kyiv\"\nurl = \"\(server.baseURL)/feed\"\n"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let first = try ParseCommandTests.feedwatch(["once", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")

        let reader = try FeedStore(path: path, access: .readOnly)
        #expect(try reader.sourceStates().count == 1)
        let again = try ParseCommandTests.feedwatch(["once", "--config", config])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("polled 1 of 1 sources"))
        let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect(log == 0, "the write-ahead log holds \(log ?? -1) bytes after once")
        withExtendedLifetime(reader) {}
    }
}
