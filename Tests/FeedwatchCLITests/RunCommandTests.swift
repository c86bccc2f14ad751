import FeedStore
import FetchTestServer
import Foundation
import Testing

/// `feedwatch run` end to end: a real daemon process, 20 sources on a real HTTP server whose feeds change
/// while it runs, stopped with SIGTERM; then the store and every log line are checked.
@Suite(.serialized) struct RunCommandTests {
    struct Story {
        let guid: String
        let title: String
        let text: String
    }

    static func rss(_ title: String, _ stories: [Story], link: String = "https://example.org/") -> String {
        let items = stories.map { story in
            """
            <item><guid isPermaLink="false">\(story.guid)</guid><title>\(story.title)</title>\
            <link>\(link)\(story.guid)</link><description>\(story.text)</description></item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>\(title)</title><link>\(link)</link>
            \(items)
            </channel></rss>
            """
    }

    /// Text long enough for near-duplicate matching, different for every (source, n).
    static func text(_ source: Int, _ n: Int) -> String {
        let words = [
            "harbour", "council", "budget", "river", "school", "railway", "festival", "election", "market",
            "storm", "museum", "bridge", "hospital", "library", "stadium", "airport", "forest", "village",
        ]
        return (0..<24).map {
            words[($0 * 7 + source * 5 + n * 3 + $0 * $0) % words.count] + "\(source)x\(n)x\($0 % 5)"
        }
        .joined(separator: " ")
    }

    static func stories(_ source: Int, _ count: Int) -> [Story] {
        (1...count).map {
            Story(guid: "s\(source)-\($0)", title: "Story \($0) of source \(source)", text: text(source, $0))
        }
    }

    /// Starts `feedwatch run --config config` with its standard output, and standard error unless `quiet`, going
    /// to `log`, under `environment` (the test's own by default).
    static func startRun(
        config: URL,
        log: URL,
        quiet: Bool = false,
        environment: [String: String]? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = ParseCommandTests.binary
        process.arguments = ["run", "--config", config.path]
        if let environment { process.environment = environment }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = quiet ? FileHandle.nullDevice : try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    /// Waits up to `limit` for `process` to exit, and says how long it took.
    static func waitForExit(_ process: Process, within limit: Duration) async throws -> Duration {
        let start = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - start < limit {
            try await Task.sleep(for: .milliseconds(50))
        }
        return ContinuousClock.now - start
    }

    /// The names of the sources the store at `path` holds, by name; [] until it can be read.
    static func storedSources(_ path: String) -> [String] {
        guard let store = try? FeedStore(path: path, access: .readOnly) else { return [] }
        return (try? store.sourceSummaries().map(\.state.name)) ?? []
    }

    @Test func twentySourcesChangingWhileTheDaemonRuns() async throws {
        let server = try await ScriptedHTTPServer()
        let shared = Story(guid: "unused", title: "The same wire story on two sites", text: Self.text(99, 1))
        func publish(phase: Int) {
            for source in 1...20 {
                var stories = Self.stories(source, 3)
                if phase == 2, source <= 6 {
                    stories.append(
                        Story(guid: "s\(source)-new", title: "Late news \(source)", text: Self.text(source, 50))
                    )
                }
                if phase == 2, source == 7 {
                    stories[0] = Story(
                        guid: stories[0].guid,
                        title: stories[0].title,
                        text: stories[0].text + " Updated with a correction."
                    )
                }
                if source == 13 || source == 14 {
                    stories.append(Story(guid: "copy-\(source)", title: shared.title, text: shared.text))
                }
                let feed = ScriptedResponse.feed(Self.rss("Source \(source)", stories))
                switch source {
                case 15:
                    server.set("/feed/15", ScriptedResponse(status: 200, body: Array("<html><body>maintenance".utf8)))
                case 16:
                    server.set("/feed/16", ScriptedResponse.feed(Self.rss("Slow", stories), delay: .seconds(2)))
                case 17:
                    if phase == 1 {
                        server.set("/feed/17", ScriptedResponse(status: 429, headers: [("Retry-After", "2")]), feed)
                    }
                case 18:
                    server.set("/feed/18", ScriptedResponse(status: 301, headers: [("Location", "/moved/18")]))
                    server.set("/moved/18", feed)
                default:
                    server.set("/feed/\(source)", feed)
                }
            }
        }
        publish(phase: 1)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedwatch-run-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = """
            [daemon]
            store = "store.sqlite"
            log_format = "json"
            interval = "1s"
            min_interval = "1s"
            jitter = 0.0
            backoff_initial = "1s"
            backoff_max = "2s"
            failing_after = 3
            move_after = 2
            host_spacing = "0s"
            per_host_concurrency = 8
            timeout = "10s"
            stats_interval = "2s"
            shutdown_timeout = "5s"

            """
        for source in 1...20 {
            config +=
                "[[source]]\nname = \"s\(source)\"\nurl = \"\(server.baseURL)/feed/\(source)\"\nkind = \"feed\"\n\n"
        }
        let configPath = directory.appendingPathComponent("feedwatch.toml")
        try config.write(to: configPath, atomically: true, encoding: .utf8)

        let logPath = directory.appendingPathComponent("stdout.log")
        let process = try Self.startRun(config: configPath, log: logPath)

        try await Task.sleep(for: .seconds(5))
        publish(phase: 2)
        try await Task.sleep(for: .seconds(5))
        process.terminate()
        _ = try await Self.waitForExit(process, within: .seconds(10))
        #expect(!process.isRunning, "feedwatch run did not stop within 10 s of SIGTERM")
        #expect(process.terminationStatus == 0)
        try await server.shutdown()

        // Every line is one JSON object.
        let lines = try String(contentsOf: logPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let records = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(
            records.count == lines.count,
            "lines that are not JSON: \(lines.filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) == nil })"
        )
        func messages(_ msg: String, source: String? = nil) -> [[String: Any]] {
            records.filter { $0["msg"] as? String == msg && (source == nil || $0["source"] as? String == source) }
        }
        #expect(messages("started").count == 1)
        #expect(messages("stopped").count == 1)
        #expect(!messages("stats").isEmpty)

        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path, access: .readOnly)
        #expect(try store.integrityCheck() == "ok")
        let summaries = Dictionary(uniqueKeysWithValues: try store.sourceSummaries().map { ($0.state.name, $0) })
        // One poll line per poll: as many as the fetch log has rows, source by source.
        for source in 1...20 {
            let name = "s\(source)"
            let polls = messages("poll", source: name)
            let summary = try #require(summaries[name], "source \(name) never polled")
            #expect(polls.count == summary.status200 + summary.status304 + summary.failures, "\(name)")
            #expect(polls.count >= 2, "\(name) polled only \(polls.count) times: a slow or failing source stalled it?")
            for poll in polls {
                #expect(poll["next_poll"] is String && poll["next_reason"] is String)
            }
        }
        // New items and the edited one.
        for source in 1...6 {
            #expect(summaries["s\(source)"]?.items == 4, "s\(source) should hold its 3 stories and the late one")
        }
        let edited = try store.items(ItemQuery(source: "s7", limit: 10))
        #expect(edited.count == 3)
        #expect(edited.map(\.revisionCount).sorted() == [1, 1, 2])
        #expect(messages("poll", source: "s7").contains { ($0["revised"] as? Int) == 1 })
        // The same story on two sources is stored once, the second copy a sighting.
        let copies = (summaries["s13"]?.items ?? 0) + (summaries["s14"]?.items ?? 0)
        #expect(copies == 7, "the shared story should be stored under one source only")
        #expect(try store.search("\"same wire story\"").count == 1)
        // The broken feed fails, backs off (one event) and is still polled.
        #expect(summaries["s15"]?.items == 0)
        #expect(summaries["s15"]?.state.schedule.health != "healthy")
        #expect(messages("source backing off", source: "s15").count == 1)
        #expect(messages("poll", source: "s15").allSatisfy { ($0["error"] as? String)?.contains("not a feed") == true })
        // The slow server answered and did not hold the others back.
        #expect(summaries["s16"]?.items == 3)
        // 429 with Retry-After: waited, then recovered.
        let limited = messages("poll", source: "s17")
        #expect(limited.first?["status"] as? Int == 429)
        #expect(limited.first?["next_reason"] as? String == "retry_after")
        #expect(summaries["s17"]?.items == 3)
        #expect(messages("source recovered", source: "s17").count == 1)
        // 301 seen on two polls in a row: the source moved, once.
        #expect(messages("source moved", source: "s18").count == 1)
        #expect(summaries["s18"]?.state.movedTo == "\(server.baseURL)/moved/18")
        #expect(summaries["s18"]?.items == 3)
    }
}

/// `feedwatch run` under a `NOTIFY_SOCKET` the test created, as systemd runs it with `Type=notify`.
@Suite(.serialized) struct RunUnderSystemdTests {
    /// SIGTERM while a slow source's poll is in flight: the daemon gives it `shutdown_timeout`, then cancels it and
    /// exits, well before the server would have answered; the store holds nothing of that poll.
    @Test func aStopCancelsAPollStillInFlightAfterTheTimeoutAndCommitsNothingOfIt() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/fast", .feed(RunCommandTests.rss("Fast", RunCommandTests.stories(1, 2))))
        server.set("/slow", .feed(RunCommandTests.rss("Slow", RunCommandTests.stories(2, 2)), delay: .seconds(60)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedwatch-stop-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = directory.appendingPathComponent("feedwatch.toml")
        try """
        [daemon]
        store = "store.sqlite"
        log_format = "json"
        shutdown_timeout = "1s"
        timeout = "120s"
        interval = "1s"
        min_interval = "1s"
        host_spacing = "0s"
        per_host_concurrency = 4
        [[source]]
        name = "fast"
        url = "\(server.baseURL)/fast"
        [[source]]
        name = "slow"
        url = "\(server.baseURL)/slow"
        """.write(to: configPath, atomically: true, encoding: .utf8)
        let logPath = directory.appendingPathComponent("stdout.log")
        let process = try RunCommandTests.startRun(config: configPath, log: logPath, quiet: true)
        defer { if process.isRunning { process.terminate() } }

        let storePath = directory.appendingPathComponent("store.sqlite").path
        let deadline = ContinuousClock.now + .seconds(20)
        while RunCommandTests.storedSources(storePath) != ["fast"] || server.requests("/slow") == 0,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            RunCommandTests.storedSources(storePath) == ["fast"],
            "the fast source's first poll was not stored within 20 s"
        )
        #expect(server.requests("/slow") == 1, "the slow source's poll never started")

        kill(process.processIdentifier, SIGTERM)
        // 1 s of grace, then the cancel; the margin is for a loaded machine, far below the server's 60 s.
        #expect(try await RunCommandTests.waitForExit(process, within: .seconds(30)) < .seconds(15))
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        try await server.shutdown()

        let log = try String(contentsOf: logPath, encoding: .utf8)
        #expect(log.contains(#""msg":"shutdown timeout: cancelling polls in flight, nothing of them is committed""#))
        #expect(log.contains(#""msg":"stopped""#))
        let store = try FeedStore(path: storePath, access: .readOnly)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.sourceSummaries().map(\.state.name) == ["fast"], "the cancelled poll left a source row")
        #expect(try store.items(ItemQuery(source: "slow", limit: 10)).isEmpty)
    }

    @Test func readyStatusReloadAndStopAreNotified() async throws {
        let server = try await ScriptedHTTPServer()
        for n in 1...3 {
            server.set("/feed/\(n)", .feed(RunCommandTests.rss("Feed \(n)", RunCommandTests.stories(n, 2))))
        }
        server.set("/moved/2", .feed(RunCommandTests.rss("Feed 2", RunCommandTests.stories(2, 3))))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedwatch-notify-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = directory.appendingPathComponent("feedwatch.toml")
        /// Sources `f1`, `f2`… at `/feed/N`, unless `paths` gives a source another path.
        func writeConfig(sources: [Int], paths: [Int: String] = [:]) throws {
            var text =
                "[daemon]\nstore = \"store.sqlite\"\nlog_format = \"json\"\ninterval = \"1s\"\nmin_interval = \"1s\"\n"
                + "host_spacing = \"0s\"\n"
            for n in sources {
                text += "[[source]]\nname = \"f\(n)\"\nurl = \"\(server.baseURL)\(paths[n] ?? "/feed/\(n)")\"\n"
            }
            try text.write(to: configPath, atomically: true, encoding: .utf8)
        }
        try writeConfig(sources: [1, 2])

        let notify = try NotifySocket()
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "1000000"
        let logPath = directory.appendingPathComponent("stdout.log")
        let process = try RunCommandTests.startRun(config: configPath, log: logPath, environment: environment)
        defer { if process.isRunning { process.terminate() } }

        let startup = notify.wait(for: .seconds(10)) { $0.contains("READY=1") }
        #expect(startup.last?.contains("READY=1") == true, "no READY=1 within 10 s: \(startup)")
        let running = notify.wait(for: .seconds(3)) { $0.hasPrefix("STATUS=") && $0.contains("polls") }
        #expect(running.contains { $0.hasPrefix("STATUS=") && $0.contains("2 sources") })
        #expect(
            running.contains("WATCHDOG=1")
                || notify.wait(for: .seconds(2)) { $0 == "WATCHDOG=1" }.contains("WATCHDOG=1")
        )
        // Source 1 must have a stored poll before the reload removes it; a slow start (a cold CI machine) must
        // not turn that into a race.
        let storePath = directory.appendingPathComponent("store.sqlite").path
        let firstPollDeadline = ContinuousClock.now + .seconds(20)
        while RunCommandTests.storedSources(storePath) != ["f1", "f2"], ContinuousClock.now < firstPollDeadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            RunCommandTests.storedSources(storePath) == ["f1", "f2"],
            "the first polls were not stored within 20 s"
        )

        // A changed config takes effect: source 3 is added, source 1 removed, source 2's URL changed.
        try writeConfig(sources: [2, 3], paths: [2: "/moved/2"])
        kill(process.processIdentifier, SIGHUP)
        let reload = notify.wait(for: .seconds(5)) { $0.contains("READY=1") }
        #expect(reload.contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") })
        #expect(reload.last?.contains("READY=1") == true)
        #expect(reload.last?.contains("STATUS=config reloaded") == true, "\(reload)")
        try await Task.sleep(for: .seconds(2))
        #expect(server.requests("/feed/3") >= 1, "the added source was never polled")
        #expect(server.requests("/moved/2") >= 1, "the changed source was never polled at its new URL")
        let polledBeforeRemoval = server.requests("/feed/1")
        let polledAtOldURL = server.requests("/feed/2")
        try await Task.sleep(for: .seconds(2))
        #expect(server.requests("/feed/1") == polledBeforeRemoval, "the removed source is still polled")
        #expect(server.requests("/feed/2") == polledAtOldURL, "the changed source is still polled at its old URL")

        // A broken config is logged and the old one keeps running.
        try "[daemon]\nconcurency = 3\n".write(to: configPath, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        let badReload = notify.wait(for: .seconds(5)) { $0.contains("READY=1") }
        #expect(badReload.contains { $0.hasPrefix("RELOADING=1") })
        // READY=1 ends systemd's reloading state; its STATUS= must not claim the reload worked.
        let afterBadReload = badReload.last ?? ""
        #expect(afterBadReload.contains("STATUS=reload failed, the old config keeps running: "), "\(badReload)")
        #expect(afterBadReload.contains("concurency"), "the status names what is wrong: \(afterBadReload)")
        let polledBefore = server.requests("/feed/3")
        try await Task.sleep(for: .seconds(2))
        #expect(server.requests("/feed/3") > polledBefore, "the old config stopped running after a bad reload")

        kill(process.processIdentifier, SIGTERM)
        let stopping = notify.wait(for: .seconds(5)) { $0.contains("STOPPING=1") }
        #expect(stopping.last == "STOPPING=1")
        _ = try await RunCommandTests.waitForExit(process, within: .seconds(10))
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        try await server.shutdown()

        let log = try String(contentsOf: logPath, encoding: .utf8)
        #expect(log.contains(#""msg":"reloaded""#))
        #expect(log.contains(#""msg":"reload failed: the old config keeps running""#))
        #expect(log.contains("concurency"), "the bad key is named in the log")
        let store = try FeedStore(path: storePath, access: .readOnly)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.sourceSummaries().map(\.state.name) == ["f1", "f2", "f3"])
    }
}
