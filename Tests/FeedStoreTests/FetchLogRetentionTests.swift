import Foundation
import Testing

@testable import FeedStore

/// `fetch_log_max_age`: old fetch-log rows go, in batches; stories, sources and poll counts stay.
@Suite struct FetchLogRetentionTests {
    @Test func rowsBeforeTheCutoffGoAndNothingElseDoes() throws {
        let temporary = try TemporaryStore()
        let items = try fixtureItems("world-poll1")
        _ = try temporary.store.ingest(successfulPoll("kyiv", items: items, at: 1_000))
        for seconds in [2_000.0, 3_000, 4_000, 5_000, 6_000] {
            var poll = successfulPoll("kyiv", items: [], at: seconds)
            poll.fetch = FetchOutcome(status: 304)
            _ = try temporary.store.ingest(poll)
        }
        _ = try temporary.store.ingest(successfulPoll("rome", items: [], at: 7_000))
        let before = try temporary.store.sourceSummaries()

        let deleted = try temporary.store.pruneFetchLog(before: Date(timeIntervalSince1970: 4_500), batchSize: 2)
        #expect(deleted == 4)
        #expect(try count(temporary.store, "SELECT count(*) FROM fetch_log WHERE fetched_at < 4500") == 0)
        #expect(try count(temporary.store, "SELECT count(*) FROM fetch_log") == 3)
        #expect(try count(temporary.store, "SELECT count(*) FROM item") == items.count)
        #expect(try temporary.store.sourceSummaries() == before, "status's counts live in the source row")
        #expect(try temporary.store.pruneFetchLog(before: Date(timeIntervalSince1970: 4_500)) == 0)
    }
}
