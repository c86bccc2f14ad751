import FeedCore
import Foundation
import GRDB
import Testing

@testable import FeedStore

/// Recording polls of a stored source from the state the caller holds: what it writes is what a read gives, and
/// a copy that is no longer the stored state is read again rather than written over it.
@Suite struct SourceRowTests {
    /// An itemless poll of `source` at `seconds`: a 304, or a failure with `status`.
    private func itemlessPoll(
        _ source: String,
        at seconds: TimeInterval,
        status: Int = 304,
        error: String? = nil,
        tags: [String] = [],
        prior: SourceState?
    ) -> PollResult {
        var poll = PollResult(
            sourceName: source,
            sourceURL: "https://\(source).example.org/feed",
            sourceTags: tags,
            fetch: FetchOutcome(status: status, bytes: 0, duration: .milliseconds(3), error: error),
            fetchedAt: Date(timeIntervalSince1970: seconds),
            nextPollAt: Date(timeIntervalSince1970: seconds + 900),
            schedule: ScheduleRecord(
                health: error == nil && status < 400 ? "healthy" : "backing_off",
                nextPollReason: "interval"
            )
        )
        poll.priorState = prior
        return poll
    }

    private func recorded(_ store: FeedStore, _ poll: PollResult) throws -> SourceState {
        guard case .success(let outcome) = try #require(store.ingest(batch: [poll]).first) else {
            Issue.record("the poll was not recorded")
            throw CancellationError()
        }
        return outcome.state
    }

    @Test func aPollRecordedFromTheKnownStateLeavesWhatAReadGives() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1"), etag: "\"e1\""))
        let known = try #require(try temp.store.sourceState(named: "world"))
        let after = try recorded(temp.store, itemlessPoll("world", at: 1_700_000_600, prior: known))
        #expect(after == (try temp.store.sourceState(named: "world")))
        #expect(after.etag == "\"e1\"", "a 304 without validators keeps the stored ones")
        #expect(after.lastPolledAt == Date(timeIntervalSince1970: 1_700_000_600))
        #expect(after.nextPollAt == Date(timeIntervalSince1970: 1_700_001_500))
        let summary = try #require(try temp.store.sourceSummaries().first)
        #expect([summary.status200, summary.status304, summary.failures] == [1, 1, 0] as [Int])
        #expect(try count(temp.store, "SELECT count(*) FROM fetch_log") == 2)
    }

    @Test func aKnownStateThatIsNoLongerStoredIsReadAgain() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1"), etag: "\"e1\""))
        let stale = try #require(try temp.store.sourceState(named: "world"))
        _ = try recorded(temp.store, itemlessPoll("world", at: 1_700_000_600, status: 503, prior: stale))
        // Recorded from the copy taken before the 503, this poll would forget it: streak 1, not 2.
        let after = try recorded(
            temp.store,
            itemlessPoll("world", at: 1_700_001_200, status: 500, error: "HTTP 500", prior: stale)
        )
        #expect(after.failureStreak == 2)
        #expect(after.lastStatus == 500)
        #expect(after.lastSuccessAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(after == (try temp.store.sourceState(named: "world")))
        let summary = try #require(try temp.store.sourceSummaries().first)
        #expect([summary.status200, summary.status304, summary.failures] == [1, 0, 2] as [Int])
    }

    @Test func changedTagsAreStoredByAnItemlessPoll() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1"), tags: ["old"]))
        let known = try #require(try temp.store.sourceState(named: "world"))
        #expect(known.tags == ["old"])
        let after = try recorded(
            temp.store,
            itemlessPoll("world", at: 1_700_000_600, tags: ["ua", "eu", "ua"], prior: known)
        )
        #expect(after.tags == ["eu", "ua"])
        #expect(after == (try temp.store.sourceState(named: "world")))
    }
}
