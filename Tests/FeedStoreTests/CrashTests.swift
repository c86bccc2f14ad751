import Foundation
import GRDB
import Testing

@testable import FeedStore

#if canImport(Glibc)
import Glibc
#endif

@Suite("Crash: SIGKILL at random moments never corrupts, duplicates, loses a poll or breaks a chain")
struct CrashTests {
    /// The helper executable `feedstore-crash-writer`, built beside the test bundle.
    private func writerURL() throws -> URL {
        let url = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("feedstore-crash-writer")
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "\(url.path) was not built")
        return url
    }

    @Test("60 kills with SIGKILL, each followed by a restart and a full check")
    func killAndRestart() throws {
        let writer = try writerURL()
        let temp = try TemporaryStore()
        let path = temp.path
        var acknowledged = 0
        var generator = SystemRandomNumberGenerator()
        for round in 1...60 {
            let process = Process()
            process.executableURL = writer
            process.arguments = [path]
            let output = Pipe()
            process.standardOutput = output
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            // Random moments: during start-up and migration check, between polls, inside a transaction.
            usleep(UInt32.random(in: 5_000...120_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(complaint.isEmpty, "round \(round): writer said \(complaint)")
            let acks = said.split(separator: "\n").compactMap { Int($0.dropFirst(4)) }
            if let last = acks.last { acknowledged = max(acknowledged, last) }

            try check(path: path, acknowledged: acknowledged, round: round)
        }
        // A floor, not a rate: on a loaded machine (CI runs every suite at once) the writer starts slower and
        // commits fewer polls per round; what matters is that kills landed between and inside commits.
        #expect(acknowledged > 20, "the writer should have committed polls between kills")
    }

    /// After a restart: integrity, no story twice, no acknowledged poll lost or applied twice, chains whole.
    private func check(path: String, acknowledged: Int, round: Int) throws {
        let store = try FeedStore(path: path)
        #expect(try store.integrityCheck() == "ok", "round \(round)")
        try store.pool.read { db in
            let polls = try String.fetchAll(db, sql: "SELECT body_hash FROM fetch_log").compactMap {
                Int($0.dropFirst(5))
            }
            let committed = polls.max() ?? 0
            #expect(
                committed >= acknowledged,
                "round \(round): poll \(acknowledged) was acknowledged but is not stored"
            )
            #expect(
                polls.sorted() == Array(stride(from: 1, through: committed, by: 1)),
                "round \(round): polls lost or doubled"
            )
            let twice = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (SELECT 1 FROM item GROUP BY source_id, identity HAVING count(*) > 1)
                    """
            )
            #expect(twice == 0, "round \(round): a story stored twice")
            let brokenChains = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM item WHERE revision_count <> (SELECT count(*) FROM revision WHERE item_id = item.id)
                       OR revision_count <> (SELECT max(number) FROM revision WHERE item_id = item.id)
                       OR latest_revision_id <> (SELECT id FROM revision WHERE item_id = item.id AND number = item.revision_count)
                    """
            )
            #expect(brokenChains == 0, "round \(round): a revision chain is broken")
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM revision_search_docsize")
            let stories = try Int.fetchOne(db, sql: "SELECT count(*) FROM item")
            #expect(indexed == stories, "round \(round): the search index is out of step")
        }
    }
}

@Suite("A size-limited file: the write fails cleanly, nothing half-written, usable again")
struct FileSizeLimitTests {
    @Test("a writer whose files may not grow rolls back the failing poll and the store stays whole")
    func fileSizeLimit() throws {
        let writer = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent(
            "feedstore-crash-writer"
        )
        try #require(FileManager.default.isExecutableFile(atPath: writer.path), "\(writer.path) was not built")
        let temp = try TemporaryStore()
        let process = Process()
        process.executableURL = writer
        process.arguments = [temp.path, String(1 << 20)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "the writer should stop on the store's error: \(said)")
        let lines = said.split(separator: "\n")
        let error = try #require(lines.last.map(String.init))
        #expect(error.hasPrefix("error: "))
        #expect(error.contains(temp.path), "the error names the database: \(error)")
        #expect(error.contains("full") || error.contains("I/O error"), "\(error)")
        let acknowledged = lines.compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }.max() ?? 0
        #expect(acknowledged > 0)

        // Space is back (a new process has no limit): nothing of the failed poll, everything before it.
        let store = try FeedStore(path: temp.path)
        #expect(try store.integrityCheck() == "ok")
        let polls = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT body_hash FROM fetch_log").compactMap { Int($0.dropFirst(5)) }.sorted()
        }
        #expect(polls == Array(1...acknowledged))
        let states = try store.sourceStates().compactMap { $0.bodyHash }.compactMap { Int($0.dropFirst(5)) }
        #expect(states.max() == acknowledged)
        _ = try store.ingest(successfulPoll("after", items: try fixtureItems("world-poll1")))
        #expect(try store.integrityCheck() == "ok")
    }
}
