import FeedCore
import Foundation
import Testing

@testable import FeedStore

@Suite("Retention: whole stories in small batches, tombstones, links kept")
struct RetentionTests {
    @Test("maximum count prunes the oldest stories whole, in batches, and they do not come back as new")
    func maximumItems() throws {
        let temp = try TemporaryStore()
        let items = bulkItems(7, prefix: "r")
        for (index, item) in items.enumerated() {
            _ = try temp.store.ingest(successfulPoll("bulk", items: [item], at: 1_700_000_000 + Double(index)))
        }
        var revised = items[0]
        revised.contentText = (revised.contentText ?? "") + " corrected"
        revised.contentHash = ContentHash.of(title: revised.title, text: revised.contentText)
        _ = try temp.store.ingest(successfulPoll("bulk", items: [revised], at: 1_700_000_100))
        let report = try temp.store.prune(
            source: "bulk",
            policy: RetentionPolicy(maximumItems: 3),
            now: Date(timeIntervalSince1970: 1_700_001_000),
            batchSize: 2
        )
        #expect(report.stories == 4)
        #expect(report.revisions == 5)
        #expect(report.batches == 2)
        #expect(try count(temp.store, "SELECT count(*) FROM item") == 3)
        #expect(try count(temp.store, "SELECT count(*) FROM revision") == 3)
        #expect(try count(temp.store, "SELECT count(*) FROM revision_search_docsize") == 3)
        #expect(
            try count(temp.store, "SELECT count(*) FROM simhash_band WHERE item_id NOT IN (SELECT id FROM item)") == 0
        )
        #expect(try temp.store.search("corrected").isEmpty)

        // The feed still lists every story, including the pruned ones and the earlier version of one.
        let again = try temp.store.ingest(successfulPoll("bulk", items: items + [revised], at: 1_700_002_000))
        #expect(again.new == 0 && again.nearDuplicate == 0 && again.revised == 0)
        #expect(again.pruned == 5)
        #expect(again.duplicate == items.count + 1)
    }

    @Test("maximum age prunes by first sight; a pruned story's near-duplicates stay in one cluster")
    func maximumAgeKeepsClusters() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1"), at: 1_700_000_000))
        _ = try temp.store.ingest(successfulPoll("wire", items: try fixtureItems("wire-copies"), at: 1_700_086_400))
        _ = try temp.store.ingest(
            successfulPoll(
                "mirror",
                items: try fixtureItems("wire-copies").map { item in
                    var copy = item
                    copy.identity = "guid:mirror-" + item.identity
                    copy.guid = "mirror-" + (item.guid ?? "")
                    copy.summary = (item.summary ?? "") + " Mirrored."  // RSS descriptions arrive as summaries
                    copy.contentHash = ContentHash.of(title: copy.title, text: copy.summary)
                    return copy
                },
                at: 1_700_086_500
            )
        )
        let clusterBefore = try count(temp.store, "SELECT cluster_id FROM item WHERE identity = 'guid:wire-2'")
        #expect(try count(temp.store, "SELECT count(*) FROM item WHERE cluster_id = ?", [clusterBefore]) == 3)

        let report = try temp.store.prune(
            source: "world",
            policy: RetentionPolicy(maximumAge: .seconds(3600)),
            now: Date(timeIntervalSince1970: 1_700_086_600)
        )
        #expect(report.stories == 3)
        #expect(try count(temp.store, "SELECT count(*) FROM item WHERE cluster_id = ?", [clusterBefore]) == 2)
        #expect(
            try count(temp.store, "SELECT count(*) FROM item i JOIN cluster c ON c.id = i.cluster_id")
                == (try count(temp.store, "SELECT count(*) FROM item"))
        )
        // wire's copy of the pruned tram story was a sighting; it too stays a duplicate.
        let wireAgain = try temp.store.ingest(
            successfulPoll("wire", items: try fixtureItems("wire-copies"), at: 1_700_090_000)
        )
        #expect(wireAgain.new == 0 && wireAgain.nearDuplicate == 0)
        #expect(try temp.store.integrityCheck() == "ok")
    }
}
