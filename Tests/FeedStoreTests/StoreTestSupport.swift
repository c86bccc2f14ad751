import FeedCore
import Foundation
import GRDB
import Testing

@testable import FeedStore

/// A store in a fresh temporary directory, removed when the value goes away.
final class TemporaryStore {
    let directory: URL
    let store: FeedStore
    var path: String { store.path }

    init(options: FeedStore.Options = FeedStore.Options()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path, options: options)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The items of `Tests/FeedStoreTests/Fixtures/feeds/<name>.xml`, parsed by FeedCore as the daemon would.
func fixtureItems(_ name: String) throws -> [Item] {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Fixtures/feeds"),
        "fixture feeds/\(name).xml is not in the test bundle"
    )
    let bytes = Array(try Data(contentsOf: url))
    return try FeedParser().parse(bytes, context: ParseContext(url: URL(string: "https://news.example.org/"))).items
}

/// A successful poll of `source` that returned `items`.
func successfulPoll(
    _ source: String,
    items: [Item],
    at seconds: TimeInterval = 1_700_000_000,
    etag: String? = nil,
    tags: [String] = []
) -> PollResult {
    PollResult(
        sourceName: source,
        sourceURL: "https://\(source).example.org/feed",
        sourceTags: tags,
        fetch: FetchOutcome(
            status: 200,
            etag: etag,
            bodyHash: "body-\(seconds)",
            bytes: 1000,
            duration: .milliseconds(12)
        ),
        items: items,
        fetchedAt: Date(timeIntervalSince1970: seconds)
    )
}

/// One integer from a query, straight from SQLite (tests check the tables the README documents).
func count(_ store: FeedStore, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try store.pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
}

/// One row's columns by name, for checking a source's state.
func row(_ store: FeedStore, _ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
    try store.pool.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments) }
}
