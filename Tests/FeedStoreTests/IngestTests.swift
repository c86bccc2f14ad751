import FeedCore
import Foundation
import GRDB
import Testing

@testable import FeedStore

@Suite("Ingest: new, revised, duplicate, sightings, source state — one transaction per poll")
struct IngestTests {
    @Test("a first poll stores every story; the same poll again is all duplicates and writes no story")
    func firstPollThenDuplicates() throws {
        let temp = try TemporaryStore()
        let items = try fixtureItems("world-poll1")
        let first = try temp.store.ingest(successfulPoll("world", items: items))
        #expect(first.new == items.count)
        #expect(first.duplicate == 0)
        let second = try temp.store.ingest(successfulPoll("world", items: items, at: 1_700_000_600))
        #expect(second.new == 0 && second.revised == 0 && second.nearDuplicate == 0)
        #expect(second.duplicate == items.count)
        #expect(try count(temp.store, "SELECT count(*) FROM item") == items.count)
        #expect(try count(temp.store, "SELECT count(*) FROM revision") == items.count)
        #expect(try count(temp.store, "SELECT count(*) FROM fetch_log") == 2)
        #expect(try count(temp.store, "SELECT sum(new) FROM fetch_log") == items.count)
    }

    @Test("a story whose text changed gets revision 2; revision 1 is kept")
    func revisionAppended() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        let counts = try temp.store.ingest(
            successfulPoll("world", items: try fixtureItems("world-poll2-one-revised"), at: 1_700_000_600)
        )
        #expect(counts.revised == 1)
        #expect(counts.duplicate == 2)
        let revised = try #require(
            try row(temp.store, "SELECT id, revision_count FROM item WHERE identity = 'guid:world-floods'")
        )
        #expect(revised["revision_count"] as Int == 2)
        let numbers = try temp.store.pool.read { db in
            try Int.fetchAll(
                db,
                sql: "SELECT number FROM revision WHERE item_id = ? ORDER BY number",
                arguments: [revised["id"] as Int64]
            )
        }
        #expect(numbers == [1, 2])
    }

    @Test("content flapping back to an earlier version is a duplicate, not another revision")
    func flappingIsNotRevised() throws {
        let temp = try TemporaryStore()
        let one = try fixtureItems("world-poll1")
        let two = try fixtureItems("world-poll2-one-revised")
        _ = try temp.store.ingest(successfulPoll("world", items: one))
        _ = try temp.store.ingest(successfulPoll("world", items: two, at: 1_700_000_100))
        let back = try temp.store.ingest(successfulPoll("world", items: one, at: 1_700_000_200))
        #expect(back.revised == 0)
        #expect(back.duplicate == one.count)
        #expect(try count(temp.store, "SELECT count(*) FROM revision") == one.count + 1)
    }

    @Test("the same content under another source is a sighting of the stored story, recorded once")
    func sightingAcrossSources() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        let wire = try fixtureItems("wire-copies")
        let counts = try temp.store.ingest(successfulPoll("wire", items: wire))
        #expect(counts.sightings == 1)
        let again = try temp.store.ingest(successfulPoll("wire", items: wire, at: 1_700_000_600))
        #expect(again.duplicate == wire.count)
        #expect(again.sightings == 0)
        #expect(try count(temp.store, "SELECT count(*) FROM sighting") == 1)
        #expect(
            try count(
                temp.store,
                """
                SELECT count(*) FROM sighting JOIN item ON item.id = sighting.item_id
                WHERE item.identity = 'guid:world-tram' AND sighting.identity = 'guid:wire-1'
                """
            ) == 1
        )
    }

    @Test("a failed poll logs its fetch, counts the failure streak and keeps the validators")
    func failedPollKeepsSourceState() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1"), etag: "\"v1\""))
        let failure = PollResult(
            sourceName: "world",
            sourceURL: "https://world.example.org/feed",
            fetch: FetchOutcome(status: 503, duration: .seconds(2), error: "HTTP 503 Service Unavailable"),
            fetchedAt: Date(timeIntervalSince1970: 1_700_000_600)
        )
        _ = try temp.store.ingest(failure)
        _ = try temp.store.ingest(failure)
        var state = try #require(try temp.store.sourceState(named: "world"))
        #expect(state.etag == "\"v1\"")
        #expect(state.failureStreak == 2)
        #expect(state.lastError == "HTTP 503 Service Unavailable")
        #expect(state.lastStatus == 503)
        #expect(try count(temp.store, "SELECT count(*) FROM fetch_log WHERE error IS NOT NULL") == 2)

        let notModified = PollResult(
            sourceName: "world",
            sourceURL: "https://world.example.org/feed",
            fetch: FetchOutcome(status: 304),
            fetchedAt: Date(timeIntervalSince1970: 1_700_001_200)
        )
        _ = try temp.store.ingest(notModified)
        state = try #require(try temp.store.sourceState(named: "world"))
        #expect(state.etag == "\"v1\"")
        #expect(state.failureStreak == 0)
        #expect(state.lastError == nil)
    }
}

/// Polls committed together, as the daemon batches them.
@Suite struct BatchIngestTests {
    @Test func eachPollOfABatchIsAllOrNothingOnItsOwn() throws {
        let temporary = try TemporaryStore()
        let items = try fixtureItems("world-poll1")
        var broken = successfulPoll("broken", items: items)
        // Refused by the schema's CHECK on health: this poll alone must roll back, items included.
        broken.schedule = ScheduleRecord(health: "bogus")
        let outcomes = temporary.store.ingest(batch: [
            successfulPoll("kyiv", items: items), broken, successfulPoll("rome", items: [], at: 1_700_000_100),
        ])
        #expect(outcomes.count == 3)
        let kyiv = try #require(try? outcomes[0].get())
        #expect(kyiv.counts.new == items.count)
        #expect(kyiv.state.name == "kyiv" && kyiv.state.lastStatus == 200)
        guard case .failure = outcomes[1] else {
            Issue.record("the poll with an invalid health was committed")
            return
        }
        #expect((try? outcomes[2].get())?.state.name == "rome")
        #expect(try temporary.store.sourceState(named: "broken") == nil)
        #expect(try count(temporary.store, "SELECT count(*) FROM fetch_log") == 2)
        #expect(
            try count(temporary.store, "SELECT count(*) FROM sighting") == 0,
            "the broken poll's items left nothing"
        )
    }

    @Test func itemlessPollsInBulkRecordWhatOneByOneRecords() throws {
        let bulk = try TemporaryStore()
        let single = try TemporaryStore()
        let items = try fixtureItems("world-poll1")
        // Round 1: forty stored sources, some with items and validators, some tagged.
        let first = (0..<40).map { n -> PollResult in
            var poll = successfulPoll(
                "s\(n)",
                items: n % 4 == 0 ? items : [],
                etag: "\"e\(n)\"",
                tags: n % 3 == 0 ? ["news"] : []
            )
            poll.fetch.lastModified = "Tue, 0\(n % 9 + 1) Apr 2022 10:00:00 GMT"
            return poll
        }
        for poll in first {
            _ = try bulk.store.ingest(poll)
            _ = try single.store.ingest(poll)
        }
        // Round 2: every kind of itemless poll, a source never stored, and one the schema refuses.
        let second = (0..<40).map { n -> PollResult in
            var poll = successfulPoll(
                "s\(n)",
                items: [],
                at: 1_700_000_600,
                tags: n % 5 == 0 ? ["news", "europe"] : []
            )
            switch n % 5 {
            case 0: poll.fetch = FetchOutcome(status: 304)
            case 1: poll.fetch = FetchOutcome(status: 304, etag: "\"e\(n)-2\"")
            case 2: poll.fetch = FetchOutcome(status: 500, bytes: 12, error: "HTTP 500")
            case 3: poll.fetch = FetchOutcome(status: 200, etag: "\"e\(n)-3\"", bodyHash: "body-1700000000", bytes: 900)
            default:
                poll.fetch = FetchOutcome(status: 200, bodyHash: "body-1700000000", bytes: 900)
                poll.fetch.movedTo = "https://moved.example.org/\(n)"
            }
            poll.nextPollAt = Date(timeIntervalSince1970: 1_700_001_000 + Double(n))
            poll.schedule = ScheduleRecord(
                health: n % 5 == 2 ? "backing_off" : "healthy",
                nextPollReason: n % 5 == 2 ? "backoff" : "interval",
                redirectStreak: n % 5 == 4 ? 1 : 0,
                hints: n % 2 == 0 ? #"{"ttl":\#(n)}"# : nil,
                failuresSince: n % 5 == 2 ? Date(timeIntervalSince1970: 1_700_000_600) : nil
            )
            return poll
        }
        var refused = successfulPoll("s7", items: [], at: 1_700_000_700)
        refused.schedule = ScheduleRecord(health: "bogus")
        let newcomer = successfulPoll("newcomer", items: [], at: 1_700_000_600)
        let batch = Array(second[..<7]) + [newcomer] + Array(second[8...]) + [refused]
        let outcomes = bulk.store.ingest(batch: batch)
        for poll in batch { _ = try? single.store.ingest(poll) }

        #expect(outcomes.count == batch.count)
        guard case .failure = outcomes.last else {
            Issue.record("the poll the schema refuses was committed")
            return
        }
        let expected = try single.store.sourceStates()
        #expect(try bulk.store.sourceStates() == expected)
        #expect(try bulk.store.sourceSummaries() == single.store.sourceSummaries())
        for (poll, outcome) in zip(batch, outcomes).dropLast() {
            #expect((try? outcome.get())?.state == expected.first { $0.name == poll.sourceName }, "\(poll.sourceName)")
        }
        let log = """
            SELECT source.name, fetched_at, fetch_log.url, status, fetch_log.etag, fetch_log.last_modified, fetch_log.body_hash,
                   bytes, duration_ms, error, items, new, revised, duplicate, near_duplicate
            FROM fetch_log JOIN source ON source.id = fetch_log.source_id ORDER BY source.name, fetched_at
            """
        let tags = "SELECT source.name, tag FROM source_tag JOIN source ON source.id = source_id ORDER BY 1, 2"
        func rows(_ store: FeedStore, _ sql: String) throws -> [[DatabaseValue]] {
            try store.pool.read { db in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
        }
        #expect(try rows(bulk.store, log) == rows(single.store, log))
        #expect(try rows(bulk.store, tags) == rows(single.store, tags))
        #expect(try count(bulk.store, "SELECT count(*) FROM source_tag WHERE tag = 'europe'") == 8)
    }

    @Test func aFullDiskFailsTheWholeBatchAndWritesNothing() throws {
        let temporary = try TemporaryStore()
        let pages = try count(temporary.store, "PRAGMA page_count")
        var options = FeedStore.Options()
        options.maximumPageCount = pages + 2
        let store = try FeedStore(path: temporary.path, options: options)
        let big = (0..<200).map { index -> Item in
            var item = Item(identity: "guid:\(index)", contentHash: String(repeating: "\(index % 10)", count: 64))
            item.title = "Story \(index)"
            item.contentText = String(repeating: "text \(index) ", count: 200)
            return item
        }
        let outcomes = store.ingest(batch: [successfulPoll("small", items: []), successfulPoll("big", items: big)])
        for outcome in outcomes {
            guard case .failure(let error) = outcome, case .diskFull = error else {
                Issue.record("expected diskFull, got \(outcome)")
                continue
            }
        }
        #expect(try store.sourceStates().isEmpty)
    }
}
