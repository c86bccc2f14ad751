import FeedCore
import Foundation
import Testing

@testable import FeedStore

/// The scheduler's state, moves and extraction history as the store keeps them between polls.
@Suite struct SourceStateTests {
    private func article(_ title: String, _ text: String, link: String) -> Item {
        var article = Article()
        article.title = title
        article.paragraphs = [text]
        return article.item(url: link)
    }

    @Test func scheduleRecordIsKeptAndA304KeepsTheHints() throws {
        let temporary = try TemporaryStore()
        var poll = successfulPoll("kyiv", items: [])
        poll.nextPollAt = Date(timeIntervalSince1970: 1_700_000_900)
        poll.schedule = ScheduleRecord(
            health: "backing_off",
            nextPollReason: "backoff",
            redirectTarget: "https://new.example.org/feed",
            redirectStreak: 2,
            hints: #"{"ttl":60}"#,
            failuresSince: Date(timeIntervalSince1970: 1_699_990_000)
        )
        _ = try temporary.store.ingest(poll)
        let backingOff = try #require(try temporary.store.sourceState(named: "kyiv"))
        #expect(backingOff.schedule.failuresSince == Date(timeIntervalSince1970: 1_699_990_000))
        var notModified = successfulPoll("kyiv", items: [], at: 1_700_001_000)
        notModified.fetch = FetchOutcome(status: 304)
        notModified.schedule = ScheduleRecord(health: "healthy", nextPollReason: "ttl")
        _ = try temporary.store.ingest(notModified)

        let state = try #require(try temporary.store.sourceState(named: "kyiv"))
        #expect(state.schedule.health == "healthy")
        #expect(state.schedule.failuresSince == nil)
        #expect(state.schedule.nextPollReason == "ttl")
        #expect(state.schedule.redirectTarget == nil)
        #expect(state.schedule.redirectStreak == 0)
        #expect(state.schedule.hints == #"{"ttl":60}"#, "a poll without a body must not forget the feed's hints")
    }

    @Test func aMoveRemembersTheConfiguredURLAcrossTwoMoves() throws {
        let temporary = try TemporaryStore()
        var first = successfulPoll("kyiv", items: [])
        first.fetch.movedTo = "https://b.example.org/feed"
        _ = try temporary.store.ingest(first)
        var second = successfulPoll("kyiv", items: [], at: 1_700_000_500)
        second.sourceURL = "https://b.example.org/feed"
        second.fetch.movedTo = "https://c.example.org/feed"
        _ = try temporary.store.ingest(second)

        let state = try #require(try temporary.store.sourceState(named: "kyiv"))
        #expect(state.movedTo == "https://c.example.org/feed")
        #expect(state.movedFrom == "https://kyiv.example.org/feed")
    }

    @Test func aNewExtractorVersionIsNotReportedAsARevision() throws {
        let temporary = try TemporaryStore()
        let link = "https://news.example.org/a"
        var poll = successfulPoll("pages", items: [article("Title", "First reading of the page.", link: link)])
        poll.extractorVersion = 1
        #expect(try temporary.store.ingest(poll).new == 1)

        var reread = successfulPoll(
            "pages",
            items: [article("Title", "First reading of the page, better.", link: link)],
            at: 1_700_000_100
        )
        reread.extractorVersion = 2
        let counts = try temporary.store.ingest(reread)
        #expect(counts.reextracted == 1)
        #expect(counts.revised == 0)

        var edited = successfulPoll(
            "pages",
            items: [article("Title", "The page was edited by its newsroom.", link: link)],
            at: 1_700_000_200
        )
        edited.extractorVersion = 2
        let editCounts = try temporary.store.ingest(edited)
        #expect(editCounts.revised == 1)
        #expect(editCounts.reextracted == 0)
        #expect(try count(temporary.store, "SELECT count(*) FROM revision WHERE extractor_version = 2") == 2)
    }

    @Test func feedVersionsAreFoundByIdentityOrLink() throws {
        let temporary = try TemporaryStore()
        let item = article("Title", "Text of the page.", link: "https://news.example.org/a?utm_source=rss")
        var poll = successfulPoll("full", items: [item])
        poll.extractorVersion = 1
        poll.feedHashes = [item.identity: "feed-hash-1"]
        _ = try temporary.store.ingest(poll)

        #expect(
            try temporary.store.fetchedFeedVersions(source: "full", identities: [(item.identity, nil)]) == [
                "feed-hash-1"
            ]
        )
        #expect(
            try temporary.store.fetchedFeedVersions(
                source: "full",
                identities: [("guid:other", "https://news.example.org/a")]
            ) == ["feed-hash-1"]
        )
        #expect(try temporary.store.fetchedFeedVersions(source: "full", identities: [("guid:none", nil)]).isEmpty)
        #expect(try temporary.store.fetchedFeedVersions(source: "unknown", identities: [(item.identity, nil)]).isEmpty)
    }

    @Test func extractionBaselineIsTheMedianOfRecentExtractedTexts() throws {
        let temporary = try TemporaryStore()
        #expect(try temporary.store.extractedTextBaseline(source: "pages") == nil)
        for (index, length) in [100, 200, 300, 400, 500].enumerated() {
            var poll = successfulPoll(
                "pages",
                items: [
                    article("T\(index)", String(repeating: "x", count: length), link: "https://e.org/\(index)")
                ],
                at: 1_700_000_000 + Double(index)
            )
            poll.extractorVersion = 1
            _ = try temporary.store.ingest(poll)
        }
        _ = try temporary.store.ingest(
            successfulPoll(
                "pages",
                items: [
                    article("feed text", String(repeating: "y", count: 5), link: "https://e.org/feed")
                ],
                at: 1_700_000_100
            )
        )
        #expect(try temporary.store.extractedTextBaseline(source: "pages") == 300)
    }
}

/// `feedwatch status`'s numbers.
@Suite struct SourceSummaryTests {
    @Test func countsItemsAndPollsByOutcome() throws {
        let temporary = try TemporaryStore()
        let items = try fixtureItems("world-poll1")
        _ = try temporary.store.ingest(successfulPoll("kyiv", items: items))
        var notModified = successfulPoll("kyiv", items: [], at: 1_700_000_100)
        notModified.fetch = FetchOutcome(status: 304)
        _ = try temporary.store.ingest(notModified)
        var failed = successfulPoll("kyiv", items: [], at: 1_700_000_200)
        failed.fetch = FetchOutcome(status: nil, error: "timed out")
        _ = try temporary.store.ingest(failed)
        _ = try temporary.store.ingest(successfulPoll("rome", items: []))

        var summaries = try temporary.store.sourceSummaries()
        #expect(summaries.map(\.state.name) == ["kyiv", "rome"])
        var kyiv = summaries[0]
        #expect(kyiv.items == items.count)
        #expect(kyiv.status200 == 1)
        #expect(kyiv.status304 == 1)
        #expect(kyiv.failures == 1)
        #expect(kyiv.lastNew == 0)
        #expect(kyiv.state.lastError == "timed out")
        #expect(kyiv.state.failureStreak == 1)
        #expect(summaries[1].status200 == 1 && summaries[1].lastNew == 0)

        // Polls recorded together (a batch of itemless polls) count the same way.
        var kyivAgain = notModified
        kyivAgain.fetchedAt = Date(timeIntervalSince1970: 1_700_000_300)
        var romeFailed = failed
        romeFailed.sourceName = "rome"
        let outcomes = temporary.store.ingest(batch: [kyivAgain, romeFailed])
        #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        summaries = try temporary.store.sourceSummaries()
        kyiv = summaries[0]
        #expect([kyiv.status200, kyiv.status304, kyiv.failures] == [1, 2, 1] as [Int])
        #expect([summaries[1].status200, summaries[1].status304, summaries[1].failures] == [1, 0, 1] as [Int])
        #expect(kyiv.state.failureStreak == 0 && summaries[1].state.failureStreak == 1)
    }

    /// A large store is read in two halves at once: every source comes back once, in SQLite's order of names
    /// (bytes, so "Z" before "a" and "é" last), whichever half its id fell in.
    @Test func aLargeStoreReadsEverySourceOnceInNameOrder() throws {
        let temporary = try TemporaryStore()
        let count = Int(FeedStore.parallelStateReadMinimum) + 301
        // Ids rise with the insertion order, names do not: both halves hold names from the whole range.
        let names = (0..<count).map { n in ["src-", "Src-", "é-", "a-"][n % 4] + String((n * 7919) % 10_007) }
        let polls = names.map { successfulPoll($0, items: []) }
        for start in stride(from: 0, to: polls.count, by: 200) {
            for result in temporary.store.ingest(batch: Array(polls[start..<min(start + 200, polls.count)])) {
                _ = try result.get()
            }
        }
        let states = try temporary.store.sourceStates()
        #expect(states.count == count)
        let read = states.map(\.name)
        #expect(read == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(Set(read).count == count)
    }
}
