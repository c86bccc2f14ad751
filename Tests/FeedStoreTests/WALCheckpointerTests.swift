import Dispatch
import FeedCore
import Foundation
import Testing

@testable import FeedStore

@Suite("WAL checkpoints beside the writer")
struct WALCheckpointerTests {
    private func fileBytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    private func ingestBurst(_ store: FeedStore, polls: Int, tag: String) throws {
        for poll in 0..<polls {
            _ = try store.ingest(
                successfulPoll("wal", items: bulkItems(10, prefix: "\(tag)\(poll)"), at: 1_700_000_000 + Double(poll))
            )
        }
    }

    @Test("a commit past the limit leaves the checkpoint to the background: it returns before any page is copied")
    func commitsDoNotCheckpoint() throws {
        var options = FeedStore.Options()
        options.walAutocheckpointPages = 16
        let temp = try TemporaryStore(options: options)
        let checkpointer = try #require(temp.store.checkpointer)
        try ingestBurst(temp.store, polls: 1, tag: "seed")
        try temp.store.checkpoint()
        let databaseBefore = fileBytes(temp.path)

        // Hold the checkpointing queue: a checkpoint run by a commit itself would still copy pages.
        let gate = DispatchSemaphore(value: 0)
        checkpointer.enqueue { gate.wait() }
        let completedBefore = checkpointer.completed.load(ordering: .relaxed)
        try ingestBurst(temp.store, polls: 20, tag: "held")
        #expect(fileBytes(temp.path + "-wal") > 16 * 4096, "the burst should pass the limit")
        #expect(fileBytes(temp.path) == databaseBefore, "a commit copied pages into the database")

        gate.signal()
        let deadline = ContinuousClock.now + .seconds(20)
        while checkpointer.completed.load(ordering: .relaxed) == completedBefore, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(checkpointer.completed.load(ordering: .relaxed) > completedBefore, "no background checkpoint ran")
        #expect(fileBytes(temp.path) > databaseBefore, "the background checkpoint copied nothing")
        #expect(try temp.store.integrityCheck() == "ok")
    }

    @Test("a limit of 0 turns automatic checkpoints off: only an explicit checkpoint copies the WAL")
    func noLimitNoBackgroundCheckpoint() throws {
        var options = FeedStore.Options()
        options.walAutocheckpointPages = 0
        let temp = try TemporaryStore(options: options)
        let checkpointer = try #require(temp.store.checkpointer)
        try ingestBurst(temp.store, polls: 1, tag: "seed")
        try temp.store.checkpoint()
        let databaseBefore = fileBytes(temp.path)
        try ingestBurst(temp.store, polls: 20, tag: "off")
        // Anything the commits had queued runs before this returns (one queue).
        let drained = DispatchSemaphore(value: 0)
        checkpointer.enqueue { drained.signal() }
        drained.wait()
        #expect(checkpointer.completed.load(ordering: .relaxed) == 0)
        #expect(fileBytes(temp.path) == databaseBefore, "a checkpoint copied pages into the database")
        try temp.store.checkpoint()
        #expect(fileBytes(temp.path + "-wal") == 0)
        #expect(fileBytes(temp.path) > databaseBefore)
    }

    @Test("an explicit checkpoint after bursts waits for the background one and empties the WAL")
    func explicitCheckpointAfterBackground() throws {
        var options = FeedStore.Options()
        options.walAutocheckpointPages = 8
        let temp = try TemporaryStore(options: options)
        for round in 0..<5 {
            try ingestBurst(temp.store, polls: 6, tag: "r\(round)-")
            try temp.store.checkpoint()
            #expect(fileBytes(temp.path + "-wal") == 0, "round \(round): the WAL was not truncated")
        }
        #expect(try temp.store.items(ItemQuery(limit: 1000)).count == 300)
    }
}
