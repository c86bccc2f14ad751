import FeedFetch
import FeedStore
import FetchTestServer
import Foundation
import Testing

@testable import FeedWatch

/// A running daemon told to reload, as SIGHUP does: changed sources take their new settings at once, and what
/// a reload cannot apply is named in the `reloaded` line.
///
/// Serialized, like ``DaemonTests``: every daemon in the process commits on the one store queue.
@Suite(.serialized) struct DaemonReloadTests {
    /// A daemon running in a task over a fresh store, logging JSON lines to a file the test reads back.
    final class RunningDaemon {
        let directory: URL
        let control: DaemonControl
        private let running: Task<Void, any Error>
        private let fetcher = Fetcher()
        private let logPath: String
        private let descriptor: Int32

        init(_ config: Config, level: DaemonConfig.LogLevel = .info) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            logPath = directory.appendingPathComponent("log").path
            descriptor = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            try #require(descriptor >= 0)
            let store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
            let daemon = Daemon(
                config: config,
                store: store,
                fetcher: fetcher,
                log: LogSink(descriptor: descriptor, format: .json, level: level)
            )
            control = daemon.control
            running = Task { try await daemon.run() }
        }

        /// The log's records so far.
        func records() throws -> [[String: Any]] {
            try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }

        /// Stops the daemon, waits for it, and returns the whole log.
        func stop() async throws -> [[String: Any]] {
            control.stop()
            try await running.value
            await fetcher.shutdown()
            close(descriptor)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try records()
        }
    }

    /// Waits up to `seconds` for `condition`, polling every 20 ms. Tests allow 20 s for what takes milliseconds
    /// alone: in the full parallel suite, a daemon of another suite waiting for a store lock its test holds keeps
    /// the process's one store queue (``OffPool/ioQueue``) for seconds.
    static func eventually(within seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Polls at once (jitter 0) and may poll every second once asked to.
    static func quickConfig(_ sources: [SourceConfig]) -> Config {
        var daemon = DaemonConfig()
        daemon.jitter = 0
        daemon.minInterval = .seconds(1)
        daemon.hostSpacing = .zero
        return Config(file: "test.toml", daemon: daemon, sources: sources)
    }

    static func rss(_ title: String) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title>"
            + "<item><guid>\(title)-1</guid><title>Story of \(title)</title></item></channel></rss>"
    }

    @Test func aChangedURLOrIntervalTakesEffectAtOnce() async throws {
        let server = try await ScriptedHTTPServer()
        for path in ["/a1", "/a2", "/b"] { server.set(path, .feed(Self.rss(path))) }
        var a = SourceConfig(name: "a", location: .url("\(server.baseURL)/a1"))
        a.interval = .seconds(3600)
        var b = SourceConfig(name: "b", location: .url("\(server.baseURL)/b"))
        b.interval = .seconds(3600)
        let daemon = try RunningDaemon(Self.quickConfig([a, b]))
        #expect(try await Self.eventually(within: 20) { server.requests("/a1") == 1 && server.requests("/b") == 1 })

        a.location = .url("\(server.baseURL)/a2")
        b.interval = .seconds(1)
        daemon.control.reload(Self.quickConfig([a, b]))
        // The new URL is polled now, not an hour later; the shorter interval polls b again and again.
        #expect(try await Self.eventually(within: 20) { server.requests("/a2") >= 1 }, "the new URL was not polled")
        #expect(try await Self.eventually(within: 20) { server.requests("/b") >= 3 }, "the new interval did not apply")
        let log = try await daemon.stop()
        try await server.shutdown()

        #expect(server.requests("/a1") == 1, "the old URL was polled after the reload")
        let reloaded = try #require(log.first { $0["msg"] as? String == "reloaded" })
        #expect(reloaded["changed"] as? Int == 2 && reloaded["added"] as? Int == 0 && reloaded["removed"] as? Int == 0)
        #expect(log.contains { $0["msg"] as? String == "poll" && $0["url"] as? String == "\(server.baseURL)/a2" })
    }

    /// A source whose URL changes while its poll is in flight cannot be queued by the reload; its poll's
    /// completion must queue it, at the new URL, rather than drop it for good.
    @Test func aSourceChangedWhileItsPollRunsIsPolledAtTheNewURL() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/slow", .feed(Self.rss("slow"), delay: .seconds(1)))
        server.set("/fast", .feed(Self.rss("fast")))
        var source = SourceConfig(name: "a", location: .url("\(server.baseURL)/slow"))
        source.interval = .seconds(3600)
        let daemon = try RunningDaemon(Self.quickConfig([source]))
        #expect(try await Self.eventually(within: 20) { server.requests("/slow") == 1 })

        source.location = .url("\(server.baseURL)/fast")
        daemon.control.reload(Self.quickConfig([source]))
        let polled = try await Self.eventually(within: 20) { server.requests("/fast") >= 1 }
        let log = try await daemon.stop()
        try await server.shutdown()
        #expect(polled, "the source changed mid-poll was never polled again")
        #expect(log.contains { $0["msg"] as? String == "reloaded" && $0["changed"] as? Int == 1 })
    }

    /// `log_level` applies at once; `store` and `log_format` (and the fetcher's settings) cannot, and the
    /// `reloaded` line names them.
    @Test func logLevelAppliesAndRestartOnlySettingsAreNamed() async throws {
        var config = Self.quickConfig([])
        config.daemon.logLevel = .warning
        let daemon = try RunningDaemon(config, level: .warning)

        config.daemon.logLevel = .info
        config.daemon.storePath = "/elsewhere/feedwatch.sqlite"
        config.daemon.logFormat = .text
        config.daemon.userAgent = "other/1.0"
        config.daemon.hostSpacing = .seconds(2)  // applied live: not named
        daemon.control.reload(config)
        #expect(
            try await Self.eventually(within: 20) {
                try daemon.records().contains { $0["msg"] as? String == "reloaded" }
            },
            "the reloaded line (info) was not written: the new log_level did not apply"
        )
        let log = try await daemon.stop()

        #expect(!log.contains { $0["msg"] as? String == "started" }, "written at the old level, warning")
        let reloaded = try #require(log.first { $0["msg"] as? String == "reloaded" })
        #expect(reloaded["restart_needed"] as? String == "store, log_format, user_agent")
        #expect(reloaded["log_level"] as? String == "info")
        #expect(log.contains { $0["msg"] as? String == "stopped" })
    }

    @Test func aReloadThatChangesNoDaemonSettingNamesNone() {
        var changed = DaemonConfig()
        changed.interval = .seconds(60)
        changed.logLevel = .debug
        #expect(Daemon.restartOnlyKeys(changedFrom: DaemonConfig(), to: changed).isEmpty)
        changed.caBundle = "/etc/ssl/extra.pem"
        changed.perHostConcurrency = 9
        #expect(
            Daemon.restartOnlyKeys(changedFrom: DaemonConfig(), to: changed) == ["per_host_concurrency", "ca_bundle"]
        )
    }
}
