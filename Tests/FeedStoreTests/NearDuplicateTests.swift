import FeedCore
import Foundation
import GRDB
import Testing

@testable import FeedStore

@Suite("Near-duplicates: banded SimHash index, clusters, never dropped")
struct NearDuplicateTests {
    @Test("a reworded copy under another source is stored and joins the original's cluster")
    func rewordedCopyJoinsCluster() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.ingest(successfulPoll("world", items: try fixtureItems("world-poll1")))
        let counts = try temp.store.ingest(successfulPoll("wire", items: try fixtureItems("wire-copies")))
        #expect(counts.nearDuplicate == 1)
        #expect(counts.sightings == 1)
        let clusters = try temp.store.pool.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT cluster_id FROM item WHERE identity IN ('guid:world-planet', 'guid:wire-2') ORDER BY identity
                    """
            )
        }
        #expect(clusters.count == 2)
        #expect(Set(clusters).count == 1)
        let distinctClusters = try count(temp.store, "SELECT count(DISTINCT cluster_id) FROM item")
        #expect(distinctClusters == 3)
    }

    @Test("two hashes within distance 3 always share a band key", arguments: [0, 1, 2, 3])
    func bandsCatchEveryNearHash(flips: Int) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let hash = UInt64.random(in: .min ... .max, using: &generator)
            var other = hash
            var flipped = Set<UInt64>()
            while flipped.count < flips { flipped.insert(UInt64.random(in: 0..<64, using: &generator)) }
            for bit in flipped { other ^= 1 << bit }
            #expect(Set(NearDuplicateIndex.keys(hash)).intersection(NearDuplicateIndex.keys(other)).count >= 4 - flips)
        }
    }

    @Test("the index finds the same nearest story as a full scan, using the index, not a scan")
    func indexAgreesWithScan() throws {
        let temp = try TemporaryStore()
        var generator = SystemRandomNumberGenerator()
        var stored: [(id: Int64, hash: UInt64)] = []
        try temp.store.pool.write { db in
            for id in Int64(1)...3000 {
                let hash = UInt64.random(in: .min ... .max, using: &generator)
                try db.execute(sql: "INSERT INTO cluster (id) VALUES (?)", arguments: [id])
                try db.execute(sql: "INSERT INTO source (id, name, url) VALUES (?, ?, '')", arguments: [id, "s\(id)"])
                try db.execute(
                    sql:
                        "INSERT INTO item (id, source_id, identity, first_seen_at, revision_count, cluster_id) VALUES (?, ?, ?, 0, 1, ?)",
                    arguments: [id, id, "i\(id)", id]
                )
                try NearDuplicateIndex.add(db, itemID: id, simhash: hash)
                stored.append((id, hash))
            }
        }
        for probe in 0..<300 {
            var query = stored[probe * 7].hash
            // Flip 0 to 5 bits: up to 3 must be found, 4 and 5 must not (bar a chance neighbour, checked by the scan).
            for bit in (0..<UInt64(probe % 6)).map({ ($0 * 13 + UInt64(probe)) % 64 }) { query ^= 1 << bit }
            let scan = stored.map { (id: $0.id, distance: SimHash.distance(query, $0.hash)) }
                .filter { $0.distance <= SimHash.nearDuplicateDistance }
                .min { ($0.distance, $0.id) < ($1.distance, $1.id) }
            let found = try temp.store.pool.read { db in try NearDuplicateIndex.nearest(db, to: query) }
            #expect(found?.itemID == scan?.id)
        }
        let plan = try temp.store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT item_id, simhash FROM simhash_band WHERE key = 1")
                .map { $0["detail"] as String }.joined(separator: " ")
        }
        #expect(plan.contains("SEARCH"))
        #expect(!plan.contains("SCAN"))
    }
}
