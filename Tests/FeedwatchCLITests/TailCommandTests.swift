import FeedCore
import FeedStore
import Foundation
import Testing

/// `feedwatch tail` as a user runs it: a child process following a store that this test writes meanwhile.
struct TailCommandTests {
    /// A store in a fresh temporary directory, written as the daemon writes it.
    final class TemporaryStore {
        let directory: URL
        let store: FeedStore
        var path: String { store.path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "feedwatch-tail-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
        }

        /// Stores one poll of `source` whose feed has an item per (guid, title), as the daemon would.
        func poll(_ source: String, _ items: [(guid: String, title: String)], at seconds: TimeInterval) throws {
            let entries = items.map { item in
                "<item><guid isPermaLink=\"false\">\(item.guid)</guid><title>\(item.title)</title>"
                    + "<link>https://\(source).example.org/\(item.guid)</link>"
                    + "<description>The story of \(item.title), told at length so it has text.</description></item>"
            }
            let rss = "<rss version=\"2.0\"><channel><title>\(source)</title>" + entries.joined() + "</channel></rss>"
            let feed = try FeedParser().parse(Array(rss.utf8), context: ParseContext(url: nil, charset: nil))
            _ = try store.ingest(
                PollResult(
                    sourceName: source,
                    sourceURL: "https://\(source).example.org/feed",
                    fetch: FetchOutcome(status: 200, bodyHash: UUID().uuidString, bytes: rss.utf8.count),
                    items: feed.items,
                    fetchedAt: Date(timeIntervalSince1970: seconds)
                )
            )
        }
    }

    /// Bytes a pipe's reader thread hands over to the test.
    // @unchecked Sendable: `data`, the only mutable state, is read and written only under `lock`.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    /// A running `feedwatch tail`, its stdout collected as it comes; terminated (SIGTERM) when done.
    final class Follower {
        let process = Process()
        private let output = Collected()

        init(_ arguments: [String]) throws {
            process.executableURL = ParseCommandTests.binary
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
            try process.run()
        }

        /// The complete lines printed so far.
        var printed: [String] {
            output.text.split(separator: "\n").map(String.init)
        }

        /// The lines once there are `count` of them, or what there is after `timeout`.
        func waitForLines(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [String] {
            let deadline = ContinuousClock.now + timeout
            while printed.count < count && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            return printed
        }

        func stop() -> Process.TerminationReason {
            process.terminate()
            process.waitUntilExit()
            return process.terminationReason
        }
    }

    static func titles(_ lines: [String]) throws -> [String] {
        try lines.map { line in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                "\(line)"
            )
            return try #require(object["title"] as? String)
        }
    }

    @Test func jsonPrintsTheLastTenThenEachNewStoryOnceAsItIsStored() async throws {
        let temp = try TemporaryStore()
        try temp.poll("world", (1...12).map { ("w\($0)", "World story \($0)") }, at: 1_700_000_000)
        let follower = try Follower(["tail", "--store", temp.path, "--format", "json", "--interval", "100ms"])
        let backlog = try await follower.waitForLines(10)
        #expect(try Self.titles(backlog) == (3...12).map { "World story \($0)" })

        // One revised story (w5: new title) and two new ones; then another source.
        try temp.poll(
            "world",
            [("w5", "World story 5, revised"), ("w13", "World story 13"), ("w14", "World story 14")],
            at: 1_700_000_600
        )
        try temp.poll("wire", [("x1", "Wire story 1")], at: 1_700_001_200)
        let all = try await follower.waitForLines(13)
        try await Task.sleep(for: .milliseconds(400))  // a few more polls: nothing may be printed twice
        #expect(follower.stop() == .uncaughtSignal)
        let titles = try Self.titles(follower.printed)
        #expect(titles == (3...14).map { "World story \($0)" } + ["Wire story 1"], "\(all)")
        let lastLine = try #require(follower.printed.last)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
        #expect(last["source"] as? String == "wire")
        #expect(last["first_seen"] as? String == "2023-11-14T22:33:20Z")
    }

    @Test func textFollowsOneSource() async throws {
        let temp = try TemporaryStore()
        try temp.poll("world", [("w1", "World story 1")], at: 1_700_000_000)
        try temp.poll("wire", [("x0", "Wire story 0")], at: 1_700_000_050)
        try temp.poll("world", [("w2", "World story 2")], at: 1_700_000_060)
        let follower = try Follower([
            "tail", "--store", temp.path, "--source", "wire", "--lines", "1", "--interval", "0.1",
        ])
        // The backlog line shows the follower has read the store; only then is the new story written.
        let backlog = try await follower.waitForLines(1)
        try temp.poll("world", [("w3", "World story 3")], at: 1_700_000_100)
        try temp.poll("wire", [("x1", "Wire story 1")], at: 1_700_000_200)
        let lines = try await follower.waitForLines(2)
        try await Task.sleep(for: .milliseconds(300))
        _ = follower.stop()
        #expect(backlog == ["2023-11-14T22:14:10Z  wire  Wire story 0  https://wire.example.org/x0"])
        #expect(
            follower.printed == [
                "2023-11-14T22:14:10Z  wire  Wire story 0  https://wire.example.org/x0",
                "2023-11-14T22:16:40Z  wire  Wire story 1  https://wire.example.org/x1",
            ],
            "\(lines)"
        )
    }

    @Test func withNoBacklogOnlyStoriesStoredLaterArePrinted() async throws {
        let temp = try TemporaryStore()
        try temp.poll("world", (1...3).map { ("w\($0)", "World story \($0)") }, at: 1_700_000_000)
        let follower = try Follower(["tail", "--store", temp.path, "--lines", "0", "--interval", "0.1"])
        // Nothing shows when the follower has read the store: give it ample time before writing.
        try await Task.sleep(for: .seconds(2))
        #expect(follower.printed.isEmpty)
        try temp.poll("world", [("w4", "World story 4")], at: 1_700_000_100)
        let lines = try await follower.waitForLines(1)
        _ = follower.stop()
        #expect(lines.count == 1 && lines[0].contains("  world  World story 4  "), "\(lines)")
    }

    @Test func sinceStartsWithEveryStoryStoredFromThen() async throws {
        let temp = try TemporaryStore()
        try temp.poll("world", [("w1", "Old story")], at: 1_600_000_000)
        try temp.poll("world", (1...15).map { ("n\($0)", "New story \($0)") }, at: 1_700_000_000)
        let follower = try Follower([
            "tail", "--store", temp.path, "--since", "2023-01-01", "--format", "json", "--interval", "1s",
        ])
        let lines = try await follower.waitForLines(15)
        _ = follower.stop()
        #expect(try Self.titles(lines) == (1...15).map { "New story \($0)" })
    }

    @Test func aMissingStoreExits66() throws {
        let run = try ParseCommandTests.feedwatch(["tail", "--store", "/nonexistent/store.sqlite"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("/nonexistent/store.sqlite"))
    }

    @Test func aBadIntervalIsRefused() throws {
        let run = try ParseCommandTests.feedwatch([
            "tail", "--store", "/nonexistent/store.sqlite", "--interval", "soon",
        ])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--interval"))
    }
}
