import FeedStore
import FetchTestServer
import Foundation
import Testing

/// `feedwatch once`: every source polled, then the store's write-ahead log folded in before the process ends.
@Suite(.serialized) struct OnceCommandTests {
    /// Another process holding the store open (a daemon, `tail`) keeps SQLite from folding the log in when `once`
    /// closes its connections: `once` checkpoints it itself, so the log does not grow run after run.
    @Test func theWriteAheadLogIsFoldedInEvenWhileAnotherConnectionIsOpen() async throws {
        let server = try await ScriptedHTTPServer()
        server.set("/feed", .feed(RunCommandTests.rss("Feed", RunCommandTests.stories(1, 2))))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-once-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("feedwatch.toml").path
        try "[daemon]\nstore = \"store.sqlite\"\nlog_format = \"json\"\n[[source]]\nname = \"kyiv\"\nurl = \"\(server.baseURL)/feed\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
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
