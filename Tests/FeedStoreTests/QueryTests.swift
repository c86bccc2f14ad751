import FeedCore
import Foundation
import Testing

@testable import FeedStore

@Suite("Queries: by source, time and tag; history with word diffs; full-text search; streamed export")
struct QueryTests {
    /// world (tags news, europe) at t0 and a revision at t0+600; wire at t0+1200.
    private func populated() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(
            successfulPoll("world", items: try fixtureItems("world-poll1"), tags: ["news", "europe"])
        )
        _ = try temp.store.ingest(
            successfulPoll(
                "world",
                items: try fixtureItems("world-poll2-one-revised"),
                at: 1_700_000_600,
                tags: ["news", "europe"]
            )
        )
        _ = try temp.store.ingest(
            successfulPoll("wire", items: try fixtureItems("wire-copies"), at: 1_700_001_200, tags: ["news"])
        )
        return temp
    }

    @Test("filters by source, tag (category or source tag), time range, and the latest N")
    func filters() throws {
        let temp = try populated()
        let all = try temp.store.items(ItemQuery(limit: 100))
        #expect(all.count == 4)
        #expect(all.map(\.firstSeen) == all.map(\.firstSeen).sorted(by: >))
        #expect(try temp.store.items(ItemQuery(source: "wire", limit: 100)).map(\.identity) == ["guid:wire-2"])
        #expect(
            Set(try temp.store.items(ItemQuery(tag: "Weather", limit: 100)).map(\.identity)) == ["guid:world-floods"]
        )
        #expect(try temp.store.items(ItemQuery(tag: "europe", limit: 100)).count == 3)
        let late = try temp.store.items(ItemQuery(since: Date(timeIntervalSince1970: 1_700_000_601), limit: 100))
        #expect(late.map(\.source) == ["wire"])
        let early = try temp.store.items(ItemQuery(until: Date(timeIntervalSince1970: 1_700_000_601), limit: 100))
        #expect(early.count == 3)
        #expect(try temp.store.items(ItemQuery(limit: 2)).count == 2)
    }

    @Test("a source's tags follow its config from one poll to the next: added, replaced, removed")
    func sourceTagsFollowTheConfig() throws {
        let temp = try populated()
        func europe() throws -> Int { try temp.store.items(ItemQuery(tag: "europe", limit: 100)).count }
        func asia() throws -> Int { try temp.store.items(ItemQuery(tag: "asia", limit: 100)).count }
        #expect(try europe() == 3)
        _ = try temp.store.ingest(successfulPoll("world", items: [], at: 1_700_002_000, tags: ["news", "asia"]))
        #expect(try europe() == 0)
        #expect(try asia() == 3)
        _ = try temp.store.ingest(successfulPoll("world", items: [], at: 1_700_003_000, tags: []))
        #expect(try asia() == 0)
        #expect(try temp.store.items(ItemQuery(tag: "news", limit: 100)).map(\.source) == ["wire"])
    }

    @Test("items(after:) lists stories stored after an id, in id order, filtered and limited like items(_:)")
    func itemsAfter() throws {
        let temp = try populated()
        let all = try temp.store.items(after: 0, ItemQuery(limit: 100))
        #expect(all.count == 4)
        #expect(all.map(\.id) == all.map(\.id).sorted())
        #expect(Set(all) == Set(try temp.store.items(ItemQuery(limit: 100))))
        #expect(try temp.store.items(after: all[0].id, ItemQuery(limit: 100)) == Array(all.dropFirst()))
        #expect(try temp.store.items(after: all[3].id, ItemQuery(limit: 100)).isEmpty)
        #expect(try temp.store.items(after: 0, ItemQuery(limit: 2)) == Array(all.prefix(2)))
        #expect(
            try temp.store.items(after: 0, ItemQuery(source: "wire", limit: 100)).map(\.identity) == ["guid:wire-2"]
        )
        #expect(try temp.store.items(after: all[0].id, ItemQuery(source: "world", limit: 100)).count == 2)
    }

    @Test("a follower sees each new story once, and not a revision of one it has seen")
    func itemsAfterFollowing() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        let first = try temp.store.items(after: 0, ItemQuery(limit: 100))
        #expect(first.map(\.identity) == ["guid:world-tram", "guid:world-floods", "guid:world-planet"])
        let last = try #require(first.last?.id)
        _ = try temp.store.ingest(
            successfulPoll("world", items: try fixtureItems("world-poll2-one-revised"), at: 1_700_000_600)
        )
        #expect(try temp.store.items(after: last, ItemQuery(limit: 100)).isEmpty)
        _ = try temp.store.ingest(successfulPoll("wire", items: try fixtureItems("wire-copies"), at: 1_700_001_200))
        let next = try temp.store.items(after: last, ItemQuery(limit: 100))
        #expect(next.map(\.identity) == ["guid:wire-2"])
        #expect(next.allSatisfy { $0.id > last })
    }

    @Test("a story's history has every revision and the word diff between them")
    func history() throws {
        let temp = try populated()
        let floods = try #require(try temp.store.items(ItemQuery(tag: "Weather")).first)
        let story = try #require(try temp.store.story(id: floods.id))
        #expect(story.revisions.map(\.number) == [1, 2])
        #expect(story.changes.count == 1)
        #expect(story.changes[0].rendered.contains("[-largely-] {+almost entirely+}"))
        #expect(try temp.store.story(id: 999_999) == nil)
        let tram = try #require(try temp.store.items(ItemQuery(source: "world", tag: "Transport")).first)
        #expect(try temp.store.story(id: tram.id)?.sightings.map(\.source) == ["wire"])
    }

    @Test("search ranks title matches first, marks matches in the snippet, and sees only the latest revision")
    func search() throws {
        let temp = try populated()
        let hits = try temp.store.search("planet")
        #expect(hits.count == 2)
        #expect(hits.allSatisfy { $0.snippet.contains("[planet]") })
        let tram = try temp.store.search("tram")
        #expect(tram.first?.item.identity == "guid:world-tram")
        #expect(try temp.store.search("almost entirely").map(\.item.identity) == ["guid:world-floods"])
        #expect(try temp.store.search("\"largely lost\"").isEmpty)
        #expect(try temp.store.search("T-72 tram").isEmpty)
        #expect(try temp.store.search("nothing-matches-this").isEmpty)
    }

    @Test("ranking reads only the newest matches when told to")
    func searchWindow() throws {
        let temp = try populated()
        #expect(try temp.store.search("planet", window: 1).map(\.item.identity) == ["guid:wire-2"])
        #expect(try temp.store.search("planet", window: 2).count == 2)
    }

    @Test("export streams every story once with all revisions, whatever the batch size", arguments: [1, 2, 500])
    func export(batchSize: Int) throws {
        let temp = try populated()
        var seen: [Int64] = []
        var revisions = 0
        try temp.store.export(batchSize: batchSize) { story in
            seen.append(story.item.id)
            revisions += story.revisions.count
            #expect(story.revisions.map(\.number) == Array(1...story.revisions.count))
        }
        #expect(seen == seen.sorted())
        #expect(seen.count == 4)
        #expect(Set(seen).count == 4)
        #expect(revisions == (try count(temp.store, "SELECT count(*) FROM revision")))
        var wire = 0
        try temp.store.export(ItemQuery(source: "wire"), batchSize: batchSize) { _ in wire += 1 }
        #expect(wire == 1)
    }

    @Test("export lines are JSON objects with the story and its revisions")
    func exportJSON() throws {
        let temp = try populated()
        try temp.store.export { story in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(story.jsonLine.utf8)) as? [String: Any]
            )
            #expect(object["id"] as? Int == Int(story.item.id))
            #expect((object["revision_list"] as? [Any])?.count == story.revisions.count)
        }
    }
}
