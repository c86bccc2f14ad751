import FeedCore
import GRDB

/// The banded SimHash index (Manku, Jain and Das Sarma 2007, with four 16-bit blocks): two 64-bit hashes
/// within Hamming distance 3 differ in at most 3 of the 4 blocks, so they agree exactly on at least one.
/// Each story's hash is stored once per block under `block << 16 | bits`; a look-up reads four index
/// ranges and checks the real distance of each candidate, never scanning the table.
enum NearDuplicateIndex {
    static let bands = 4
    /// Candidates read per band at most: a pathological band value shared by thousands of stories must not
    /// turn one insert into a scan.
    static let candidateLimit = 2000

    /// The band keys of a hash.
    static func keys(_ simhash: UInt64) -> [Int64] {
        (0..<bands).map { band in Int64(band) << 16 | Int64((simhash >> (16 * UInt64(band))) & 0xFFFF) }
    }

    /// Indexes one hash of a story.
    static func add(_ db: Database, itemID: Int64, simhash: UInt64) throws {
        for key in keys(simhash) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO simhash_band (key, item_id, simhash) VALUES (?, ?, ?)")
                .execute(arguments: [key, itemID, Int64(bitPattern: simhash)])
        }
    }

    /// The closest stored story within ``SimHash/nearDuplicateDistance`` (ties: the oldest), and its cluster.
    static func nearest(_ db: Database, to simhash: UInt64) throws -> (itemID: Int64, clusterID: Int64, distance: Int)?
    {
        var best: (itemID: Int64, distance: Int)?
        for key in keys(simhash) {
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT item_id, simhash FROM simhash_band WHERE key = ? LIMIT \(candidateLimit)"
                ),
                arguments: [key]
            )
            while let row = try rows.next() {
                let itemID: Int64 = row[0]
                let distance = SimHash.distance(simhash, UInt64(bitPattern: row[1]))
                guard distance <= SimHash.nearDuplicateDistance else { continue }
                if let current = best, (current.distance, current.itemID) <= (distance, itemID) { continue }
                best = (itemID, distance)
            }
        }
        guard let best,
            let cluster = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT cluster_id FROM item WHERE id = ?"),
                arguments: [best.itemID]
            )
        else { return nil }
        return (best.itemID, cluster, best.distance)
    }
}
