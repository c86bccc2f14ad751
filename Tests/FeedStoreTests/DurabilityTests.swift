import FeedCore
import Foundation
import GRDB
import Testing

@testable import FeedStore

/// `count` items of about `bytes` bytes of text each, all new.
func bulkItems(_ count: Int, prefix: String, bytes: Int = 2000) -> [Item] {
    (0..<count).map { index in
        let text = (0..<(bytes / 12)).map { "w\(prefix)\(index)x\($0)" }.joined(separator: " ")
        var item = Item(
            identity: "guid:\(prefix)-\(index)",
            contentHash: ContentHash.of(title: "\(prefix) \(index)", text: text)
        )
        item.guid = "\(prefix)-\(index)"
        item.title = "\(prefix) \(index)"
        item.link = "https://bulk.example.org/\(prefix)/\(index)"
        item.contentText = text
        return item
    }
}

@Suite("Durability: full disk, write lock, readers beside the writer, WAL checkpoints")
struct DurabilityTests {
    @Test("a full database rolls the whole poll back, keeps the source's state, and works once space is back")
    func diskFull() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedstore-full-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let pages: Int
        do {
            let store = try FeedStore(path: path)
            _ = try store.ingest(successfulPoll("bulk", items: bulkItems(5, prefix: "a"), etag: "\"before\""))
            try store.checkpoint()
            pages = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        }
        var limited = FeedStore.Options()
        limited.maximumPageCount = pages + 8
        let before: (items: Int, log: Int, state: SourceState?)
        do {
            let store = try FeedStore(path: path, options: limited)
            before = (
                try count(store, "SELECT count(*) FROM item"), try count(store, "SELECT count(*) FROM fetch_log"),
                try store.sourceState(named: "bulk")
            )
            let big = successfulPoll("bulk", items: bulkItems(60, prefix: "b"), at: 1_700_000_600, etag: "\"after\"")
            #expect {
                _ = try store.ingest(big)
            } throws: { error in
                guard case StoreError.diskFull(let errorPath, let operation) = error else { return false }
                return errorPath == path && operation.contains("bulk")
            }
            #expect(try count(store, "SELECT count(*) FROM item") == before.items)
            #expect(try count(store, "SELECT count(*) FROM fetch_log") == before.log)
            #expect(try store.sourceState(named: "bulk") == before.state)
            #expect(try store.integrityCheck() == "ok")
        }
        // Space is back: the same poll goes in whole.
        let store = try FeedStore(path: path)
        let counts = try store.ingest(
            successfulPoll("bulk", items: bulkItems(60, prefix: "b"), at: 1_700_000_600, etag: "\"after\"")
        )
        #expect(counts.new + counts.nearDuplicate == 60)
        #expect(try store.sourceState(named: "bulk")?.etag == "\"after\"")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("writes wait for another writer's lock only up to the busy timeout; reads never wait")
    func busyWriterAndConcurrentReader() throws {
        var options = FeedStore.Options()
        options.busyTimeout = .milliseconds(200)
        let temp = try TemporaryStore(options: options)
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        // Another process's writer, as a second daemon would be: it holds the write lock.
        var unsafe = Configuration()
        unsafe.allowsUnsafeTransactions = true  // so the lock can outlive one GRDB access, as another process's would
        let other = try DatabaseQueue(path: temp.path, configuration: unsafe)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let started = ContinuousClock.now
        #expect {
            _ = try temp.store.ingest(
                successfulPoll("world", items: try fixtureItems("world-poll2-one-revised"), at: 1_700_000_600)
            )
        } throws: { error in
            if case StoreError.busy = error { true } else { false }
        }
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        // The CLI reads while the lock is held.
        #expect(try temp.store.items(ItemQuery()).count == 3)
        let reader = try FeedStore(path: temp.path, access: .readOnly)
        #expect(try reader.search("tram").count == 1)
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        let counts = try temp.store.ingest(
            successfulPoll("world", items: try fixtureItems("world-poll2-one-revised"), at: 1_700_000_600)
        )
        #expect(counts.revised == 1)
    }

    @Test("a read-only store refuses writes and a missing one is not created")
    func readOnly() throws {
        let temp = try TemporaryStore()
        let reader = try FeedStore(path: temp.path, access: .readOnly)
        #expect(throws: StoreError.readOnly(path: temp.path)) { _ = try reader.ingest(successfulPoll("x", items: [])) }
        let missing = temp.directory.appendingPathComponent("missing.sqlite").path
        #expect(throws: StoreError.noStore(path: missing)) { _ = try FeedStore(path: missing, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    /// The WAL's size now.
    private func walBytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    /// Ingests `polls` polls of fresh items, calling `between` before each; returns the largest WAL seen.
    private func ingestWatchingWAL(_ store: FeedStore, polls: Int, tag: String) throws -> Int {
        var largest = 0
        for poll in 0..<polls {
            _ = try store.ingest(
                successfulPoll("wal", items: bulkItems(10, prefix: "\(tag)\(poll)"), at: 1_700_000_000 + Double(poll))
            )
            largest = max(largest, walBytes(store.path))
        }
        return largest
    }

    /// A passive checkpoint now: how many WAL frames there are and how many it could copy to the database.
    private func checkpoint(_ store: FeedStore) throws -> (frames: Int, copied: Int) {
        let result = try #require(store.checkpointer).checkpoint(.passive)
        return (result.walFrames, result.copied)
    }

    @Test("a slow export beside the writer does not starve checkpoints; a snapshot held open would")
    func exportDoesNotStarveCheckpoints() throws {
        var options = FeedStore.Options()
        options.walAutocheckpointPages = 32
        options.walSizeLimitBytes = 0
        let temp = try TemporaryStore(options: options)
        _ = try temp.store.ingest(successfulPoll("wal", items: bulkItems(30, prefix: "seed")))

        // The export reads in batches of 5; the daemon writes 2 polls while each batch is consumed.
        var largestDuringExport = 0
        var starvedDuringExport = 0
        var batch = 0
        try temp.store.export(batchSize: 5) { _ in
            batch += 1
            guard batch <= 40 else { return }
            largestDuringExport = max(
                largestDuringExport,
                try ingestWatchingWAL(temp.store, polls: 2, tag: "e\(batch)-")
            )
            let result = try checkpoint(temp.store)
            if result.copied < result.frames { starvedDuringExport += 1 }
        }
        #expect(batch > 40, "the export should have outlasted the writes")

        // The failure this guards against: one snapshot held across the same amount of writing.
        let pinned = try DatabaseQueue(path: temp.path)
        let (largestWhilePinned, pinnedCheckpoint) = try pinned.read { db in
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM item")
            return (try ingestWatchingWAL(temp.store, polls: 80, tag: "p"), try checkpoint(temp.store))
        }
        #expect(pinnedCheckpoint.copied < pinnedCheckpoint.frames, "a pinned snapshot should block the checkpoint")
        #expect(starvedDuringExport == 0)
        #expect(
            largestDuringExport * 3 < largestWhilePinned,
            "WAL reached \(largestDuringExport) bytes during export, \(largestWhilePinned) with a pinned snapshot"
        )
    }
}
