import FeedCore
import FeedFetch
import FeedStore
import FetchTestServer
import Foundation
import GRDB
import Testing

@testable import FeedStore
@testable import FeedWatch

/// The daemon's loop in-process, on path sources, with its log read back.
///
/// Serialized: every daemon in the process commits on the one store queue (``OffPool/ioQueue``), so a test whose
/// commits wait on a held write lock would hold up another test's reads of its own store, past that test's deadline.
@Suite(.serialized) struct DaemonTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("spool"),
            withIntermediateDirectories: true
        )
    }

    private func writePages(words: Int) throws {
        for n in 1...5 {
            let paragraph = (0..<words).map { "p\(n)w\(($0 * 31 + n) % 97)" }.joined(separator: " ") + "."
            let text = "Page \(n) headline\n\nPage \(n) headline\n\n\(paragraph)\n\n\(paragraph)\n"
            try text.write(
                to: directory.appendingPathComponent("spool/page\(n).txt"),
                atomically: true,
                encoding: .utf8
            )
        }
    }

    /// Runs `once` over one spool source and returns the summary and the JSON log records.
    private func once(
        store: FeedStore,
        retention: SourceConfig.Retention? = nil
    ) async throws -> (OnceSummary, [[String: Any]]) {
        var source = SourceConfig(name: "spool", location: .path(directory.appendingPathComponent("spool").path))
        source.kind = .page
        source.retention = retention
        let config = Config(file: "test.toml", sources: [source])
        let logPath = directory.appendingPathComponent("log-\(UUID().uuidString)").path
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(fd >= 0)
        let log = LogSink(descriptor: fd, format: .json, level: .debug)
        let fetcher = Fetcher()
        let summary = try await Daemon(config: config, store: store, fetcher: fetcher, log: log).once()
        await fetcher.shutdown()
        close(fd)
        let records = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return (summary, records)
    }

    @Test func pagesThatSuddenlyExtractThinGetALayoutWarning() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        try writePages(words: 300)
        let (first, firstLog) = try await once(store: store)
        #expect(first.new == 5)
        #expect(!firstLog.contains { $0["event"] as? String == "thin_extraction" })

        try writePages(words: 12)
        let (second, log) = try await once(store: store)
        #expect(second.revised == 5)
        let warning = try #require(log.first { $0["event"] as? String == "thin_extraction" })
        #expect(warning["level"] as? String == "warning")
        #expect(warning["source"] as? String == "spool")
        #expect((warning["median_chars"] as? Int ?? .max) * 3 < (warning["usual_chars"] as? Int ?? 0))
    }

    @Test func aStoreThatCannotWriteIsLoggedAndNothingStoredIsLost() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let pages: Int
        do {
            let empty = try FeedStore(path: path)
            pages = try await empty.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        }
        var options = FeedStore.Options()
        options.maximumPageCount = pages + 1
        let store = try FeedStore(path: path, options: options)
        try writePages(words: 2000)
        let (summary, log) = try await once(store: store)

        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.error.hasPrefix("store: ") == true)
        let poll = try #require(log.first { $0["msg"] as? String == "poll" })
        #expect(poll["level"] as? String == "error")
        #expect(poll["next_reason"] as? String == "store_retry")
        #expect((poll["error"] as? String)?.contains("full") == true)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.sourceState(named: "spool") == nil, "nothing of the failed poll was written")
    }

    @Test func retentionFromTheConfigPrunesAfterAPollThatStoredNewStories() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        try writePages(words: 40)
        let (summary, log) = try await once(store: store, retention: SourceConfig.Retention(maxItems: 2))
        #expect(summary.new == 5)
        let pruned = try #require(log.first { $0["msg"] as? String == "pruned" })
        #expect(pruned["stories"] as? Int == 3)
        #expect(try store.items(ItemQuery(source: "spool", limit: 10)).count == 2)
    }

    @Test func aRestartKeepsStoredNextPollTimesInsteadOfPollingEverythingAtOnce() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        try writePages(words: 40)
        _ = try await once(store: store)
        let planned = try #require(try store.sourceState(named: "spool")?.nextPollAt)
        #expect(planned > Date().addingTimeInterval(10 * 60), "the next poll is an interval away")

        // A second source never polled before starts at once (jitter 0: no spread); the first waits.
        var spool = SourceConfig(name: "spool", location: .path(directory.appendingPathComponent("spool").path))
        spool.kind = .page
        var fresh = SourceConfig(name: "fresh", location: .path(directory.appendingPathComponent("spool").path))
        fresh.kind = .page
        var daemonConfig = DaemonConfig()
        daemonConfig.jitter = 0
        let logPath = directory.appendingPathComponent("run.log").path
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let fetcher = Fetcher()
        let daemon = Daemon(
            config: Config(file: "test.toml", daemon: daemonConfig, sources: [spool, fresh]),
            store: store,
            fetcher: fetcher,
            log: LogSink(descriptor: fd, format: .json, level: .info)
        )
        let control = daemon.control
        Task {
            try await Task.sleep(for: .seconds(1))
            control.stop()
        }
        try await daemon.run()
        await fetcher.shutdown()
        close(fd)
        let polls = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
            .compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            .filter { $0["msg"] as? String == "poll" }
        #expect(polls.map { $0["source"] as? String } == ["fresh"])
        #expect(try store.sourceState(named: "spool")?.nextPollAt == planned)
    }

    @Test func fetchingGoesOnWhileTheStoreIsBusy() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ScriptedHTTPServer()
        var sources: [SourceConfig] = []
        for n in 1...4 {
            server.set("/feed/\(n)", .feed(Self.rss(n)))
            sources.append(SourceConfig(name: "f\(n)", location: .url("\(server.baseURL)/feed/\(n)")))
        }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = try FeedStore(path: path)
        var daemonConfig = DaemonConfig()
        daemonConfig.concurrency = 1
        daemonConfig.hostSpacing = .zero
        let config = Config(file: "test.toml", daemon: daemonConfig, sources: sources)

        // Commits wait for the lock (the busy timeout is 5 s), fetching must not.
        let releaseLock = try holdStoreWriteLock(path)
        let fetcher = Fetcher()
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        let daemon = Daemon(
            config: config,
            store: store,
            fetcher: fetcher,
            log: LogSink(descriptor: devNull, format: .json, level: .error)
        )
        let run = Task { try await daemon.once() }
        let deadline = ContinuousClock.now + .seconds(3)
        while (1...4).contains(where: { server.requests("/feed/\($0)") == 0 }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(
            (1...4).allSatisfy { server.requests("/feed/\($0)") == 1 },
            "with concurrency 1, every source was fetched while the first commit waited for the lock"
        )
        #expect(try await store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fetch_log") } == 0)
        releaseLock()
        let summary = try await run.value
        await fetcher.shutdown()
        try await server.shutdown()
        #expect(summary.polled == 4)
        #expect(summary.new == 8)
        #expect(summary.failures.isEmpty)
    }

    /// A stop whose `shutdown_timeout` runs out: a poll still fetching is cancelled and a poll waiting for the
    /// store is taken back, both with nothing committed and no poll line; the batch the store is committing
    /// finishes whole, logged. Every poll is in the store and the log alike, or in neither.
    @Test func aStopThatRunsOutOfTimeCommitsAWholeBatchOrNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ScriptedHTTPServer()
        server.set("/feed/1", .feed(Self.rss(1)))
        server.set("/feed/2", .feed(Self.rss(2)))
        server.set("/feed/3", .feed(Self.rss(3), delay: .seconds(20)))
        let sources = (1...3).map { SourceConfig(name: "f\($0)", location: .url("\(server.baseURL)/feed/\($0)")) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = try FeedStore(path: path)
        var daemonConfig = DaemonConfig()
        daemonConfig.concurrency = 3
        daemonConfig.hostSpacing = .zero
        daemonConfig.shutdownTimeout = .milliseconds(500)
        let config = Config(file: "test.toml", daemon: daemonConfig, sources: sources)

        let releaseLock = try holdStoreWriteLock(path)
        let logPath = directory.appendingPathComponent("log").path
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(fd >= 0)
        let fetcher = Fetcher()
        let daemon = Daemon(
            config: config,
            store: store,
            fetcher: fetcher,
            log: LogSink(descriptor: fd, format: .json, level: .info)
        )
        let control = daemon.control
        let run = Task { try await daemon.once() }
        let deadline = ContinuousClock.now + .seconds(5)
        while (1...3).contains(where: { server.requests("/feed/\($0)") == 0 }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))  // f1 and f2 answered: their commits wait for the lock
        let stopped = ContinuousClock.now
        control.stop()
        try await Task.sleep(for: .seconds(1))
        releaseLock()
        let summary = try await run.value
        let took = ContinuousClock.now - stopped
        await fetcher.shutdown()
        try await server.shutdown()
        close(fd)

        #expect(took < .seconds(6), "the stop took \(took); the slow source would have held it 20 s")
        let logged = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(logged.contains { ($0["msg"] as? String)?.hasPrefix("shutdown timeout") == true })
        let polledInLog = Set(logged.filter { $0["msg"] as? String == "poll" }.compactMap { $0["source"] as? String })
        let polledInStore = Set(
            try await store.pool.read {
                try String.fetchAll(
                    $0,
                    sql: "SELECT source.name FROM fetch_log JOIN source ON source.id = fetch_log.source_id"
                )
            }
        )
        #expect(polledInStore == polledInLog)
        // f1 (and f2, if it joined f1's batch) may be committed whole; a poll still fetching commits nothing.
        #expect(polledInStore.isSubset(of: ["f1", "f2"]), "\(polledInStore)")
        let stories = try await store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM item") }
        #expect(stories == 2 * polledInStore.count)
        #expect(summary.polled == polledInStore.count)
    }

    /// With `fetch_log_max_age` set, the running daemon prunes the fetch log on a stats tick (hourly at most)
    /// and says how many rows went; with it unset, nothing is pruned.
    @Test func theRunningDaemonPrunesAnOldFetchLog() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writePages(words: 40)
        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        for day in 1...3 {
            var old = PollResult(
                sourceName: "spool",
                sourceURL: directory.appendingPathComponent("spool").path,
                fetch: FetchOutcome(status: 304),
                fetchedAt: Date(timeIntervalSinceNow: -Double(day) * 86400 * 40)
            )
            old.nextPollAt = Date(timeIntervalSinceNow: 3600)
            _ = try store.ingest(old)
        }
        /// Runs the daemon until its log has a line with message `until`, and returns the log.
        func run(maxAge: Duration, until: String) async throws -> [[String: Any]] {
            var source = SourceConfig(name: "spool", location: .path(directory.appendingPathComponent("spool").path))
            source.kind = .page
            var daemonConfig = DaemonConfig()
            daemonConfig.statsInterval = .milliseconds(100)
            daemonConfig.fetchLogMaxAge = maxAge
            let logPath = directory.appendingPathComponent("log-\(UUID().uuidString)").path
            let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            try #require(fd >= 0)
            let fetcher = Fetcher()
            let daemon = Daemon(
                config: Config(file: "test.toml", daemon: daemonConfig, sources: [source]),
                store: store,
                fetcher: fetcher,
                log: LogSink(descriptor: fd, format: .json, level: .info)
            )
            let control = daemon.control
            let running = Task { try await daemon.run() }
            func records() throws -> [[String: Any]] {
                try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
                }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while try !records().contains(where: { $0["msg"] as? String == until }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            control.stop()
            try await running.value
            await fetcher.shutdown()
            close(fd)
            return try records()
        }
        let logRows = { try await store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fetch_log") } }
        #expect(try await logRows() == 3)
        // Until the first stats tick, when a prune would start.
        let kept = try await run(maxAge: .zero, until: "stats")
        #expect(!kept.contains { $0["msg"] as? String == "fetch log pruned" })
        #expect(try await logRows() == 3)
        let pruned = try await run(maxAge: .seconds(60 * 86400), until: "fetch log pruned")
        let line = pruned.first { $0["msg"] as? String == "fetch log pruned" }
        #expect(line?["rows"] as? Int == 2, "the polls 80 and 120 days old")
        #expect(try await logRows() == 1)
    }

    /// A reload that removes a source leaves its slot behind, inactive: the `stopped` line counts the sources
    /// still configured, as `stats` and `STATUS=` do.
    @Test func theStoppedLineCountsOnlyTheSourcesStillConfigured() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writePages(words: 40)
        let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        let sources = ["kept", "removed"].map { name in
            var source = SourceConfig(name: name, location: .path(directory.appendingPathComponent("spool").path))
            source.kind = .page
            return source
        }
        let logPath = directory.appendingPathComponent("log").path
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(fd >= 0)
        let fetcher = Fetcher()
        let daemon = Daemon(
            config: Config(file: "test.toml", sources: sources),
            store: store,
            fetcher: fetcher,
            log: LogSink(descriptor: fd, format: .json, level: .info)
        )
        // Commands are taken in order: the reload is applied before the stop.
        daemon.control.reload(Config(file: "test.toml", sources: [sources[0]]))
        daemon.control.stop()
        try await daemon.run()
        await fetcher.shutdown()
        close(fd)
        let records = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(records.first { $0["msg"] as? String == "started" }?["sources"] as? Int == 2)
        #expect(records.first { $0["msg"] as? String == "reloaded" }?["removed"] as? Int == 1)
        #expect(records.first { $0["msg"] as? String == "stopped" }?["sources"] as? Int == 1)
    }

    private static func rss(_ n: Int) -> String {
        let items = (1...2).map { "<item><guid>f\(n)-\($0)</guid><title>Story \($0) of feed \(n)</title></item>" }
        return
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed \(n)</title>\(items.joined())</channel></rss>"
    }
}
