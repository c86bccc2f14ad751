import FeedCore
import Foundation
import Testing

@testable import FeedStore

@Suite("Identity falls back from GUIDs to links to content when a feed's GUIDs are unusable")
struct IdentityFallbackTests {
    @Test("one GUID on every item: the source switches to links and keeps every story")
    func repeatedGUID() throws {
        let temp = try TemporaryStore()
        let items = try fixtureItems("repeated-guid")
        let counts = try temp.store.ingest(successfulPoll("cms", items: items))
        #expect(counts.identityChange?.from == .guid)
        #expect(counts.identityChange?.to == .link)
        #expect(counts.identityChange?.reason.contains("one GUID") == true)
        #expect(counts.new + counts.nearDuplicate == items.count)
        #expect(try count(temp.store, "SELECT count(*) FROM item") == items.count)
        #expect(try temp.store.sourceState(named: "cms")?.identityMode == .link)
        let again = try temp.store.ingest(successfulPoll("cms", items: items, at: 1_700_000_600))
        #expect(again.duplicate == items.count)
        #expect(again.identityChange == nil)
    }

    @Test("one GUID and one link on every item: the source keys stories by content")
    func repeatedGUIDAndLink() throws {
        let temp = try TemporaryStore()
        let items = try fixtureItems("repeated-guid-and-link")
        let counts = try temp.store.ingest(successfulPoll("cms", items: items))
        #expect(counts.identityChange?.to == .content)
        #expect(try count(temp.store, "SELECT count(*) FROM item") == items.count)
        #expect(try count(temp.store, "SELECT count(*) FROM item WHERE identity LIKE 'content:%'") == items.count)
    }

    @Test("GUIDs that change every poll while links and content stay: no story is stored twice")
    func churningGUIDs() throws {
        let temp = try TemporaryStore()
        let first = try fixtureItems("churning-guid-poll1")
        _ = try temp.store.ingest(successfulPoll("churn", items: first))
        let second = try temp.store.ingest(
            successfulPoll("churn", items: try fixtureItems("churning-guid-poll2"), at: 1_700_000_600)
        )
        #expect(second.identityChange?.to == .link)
        #expect(second.identityChange?.reason.contains("new GUIDs") == true)
        #expect(second.new == 0 && second.nearDuplicate == 0 && second.revised == 0)
        #expect(second.duplicate == first.count)
        let third = try temp.store.ingest(
            successfulPoll("churn", items: try fixtureItems("churning-guid-poll3"), at: 1_700_001_200)
        )
        #expect(third.duplicate == first.count)
        #expect(try count(temp.store, "SELECT count(*) FROM item") == first.count)
    }

    @Test("a well-behaved feed stays on GUIDs")
    func goodFeedKeepsGUIDs() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        let counts = try temp.store.ingest(
            successfulPoll("world", items: try fixtureItems("world-poll2-one-revised"), at: 1_700_000_600)
        )
        #expect(counts.identityChange == nil)
        #expect(try temp.store.sourceState(named: "world")?.identityMode == .guid)
    }
}
