// feedstore-bench: the Swift half of Benchmarks/store.
//   feedstore-bench ingest STORE ITEMS     ingest ITEMS synthetic items in polls of 20; prints "seconds N"
//   feedstore-bench floor-sql ITEMS        the same rows as plain SQL inserts, one transaction per poll
//   feedstore-bench search STORE QUERIES   run QUERIES searches; prints each latency in ms, one a line
import FeedCore
import FeedStore
import Foundation

/// A deterministic 64-bit generator (SplitMix64), so the store and the floor get byte-identical rows.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// 20,000 pronounceable words; word ranks are drawn Zipf-like (square of a uniform), as in real text.
let vocabulary: [String] = {
    let consonants = Array("bcdfghjklmnprstvwz")
    let vowels = Array("aeiou")
    var random = SplitMix(state: 7)
    return (0..<20_000).map { _ in
        let syllables = 1 + Int(random.next() % 3)
        return String(
            (0..<syllables).flatMap { _ in
                [consonants[Int(random.next() % UInt64(consonants.count))], vowels[Int(random.next() % 5)]]
            }
        )
    }
}()

func words(_ count: Int, _ random: inout SplitMix) -> String {
    (0..<count).map { _ in
        let uniform = Double(random.next() % 1_000_000) / 1_000_000
        return vocabulary[Int(uniform * uniform * Double(vocabulary.count))]
    }.joined(separator: " ")
}

/// Item `index`: a 6-word title and a 60-word text (about 400 bytes), as a short news item.
func item(_ index: Int) -> Item {
    var random = SplitMix(state: UInt64(index) &* 0x1000_0001)
    let title = words(6, &random)
    let text = words(60, &random)
    var item = Item(
        identity: "guid:bench-\(index)",
        contentHash: ContentHash.of(title: title, text: text)
    )
    item.guid = "bench-\(index)"
    item.title = title
    item.link = "https://bench.example.org/\(index)"
    item.contentText = text
    return item
}

func poll(_ number: Int, items: ArraySlice<Int>) -> PollResult {
    PollResult(
        sourceName: "bench-\(number % 100)",
        sourceURL: "https://bench.example.org/feed/\(number % 100)",
        fetch: FetchOutcome(status: 200, bodyHash: "poll-\(number)", bytes: 10_000, duration: .milliseconds(50)),
        items: items.map(item),
        fetchedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(number))
    )
}

func sqlString(_ text: String?) -> String {
    guard let text else { return "NULL" }
    return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}

let arguments = CommandLine.arguments
switch (arguments.count, arguments.dropFirst().first) {
case (4, "ingest"):
    let store = try FeedStore(path: arguments[2])
    let total = Int(arguments[3]) ?? 0
    let clock = ContinuousClock()
    var elapsed = Duration.zero
    for (number, start) in stride(from: 0, to: total, by: 20).enumerated() {
        let result = poll(number, items: ArraySlice(start..<min(start + 20, total)))  // built outside the timing
        let started = clock.now
        _ = try store.ingest(result)
        elapsed += clock.now - started
    }
    try store.checkpoint()
    print("seconds", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
case (3, "floor-sql"):
    // What ingest writes for a poll of new stories, as plain inserts: no look-ups, no dedup, no clustering.
    let total = Int(arguments[2]) ?? 0
    var out = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n"
    for source in 0..<100 {
        out +=
            "INSERT INTO source (id, name, url) VALUES (\(source + 1), 'bench-\(source)', 'https://bench.example.org/feed/\(source)');\n"
    }
    for (number, start) in stride(from: 0, to: total, by: 20).enumerated() {
        let sourceID = number % 100 + 1
        let at = 1_700_000_000 + Double(number)
        out += "BEGIN IMMEDIATE;\n"
        for index in start..<min(start + 20, total) {
            let item = item(index)
            let id = index + 1
            let simhash = Int64(bitPattern: SimHash.of(title: item.title, text: item.contentText))
            out += "INSERT INTO cluster (id) VALUES (\(id));\n"
            out +=
                "INSERT INTO item (id, source_id, identity, link, link_key, first_seen_at, revision_count, latest_revision_id, cluster_id) VALUES (\(id), \(sourceID), \(sqlString(item.identity)), \(sqlString(item.link)), \(sqlString(item.link)), \(at), 1, \(id), \(id));\n"
            out +=
                "INSERT INTO revision (id, item_id, number, content_hash, title, authors, categories, text, simhash, fetched_at) VALUES (\(id), \(id), 1, '\(item.contentHash)', \(sqlString(item.title)), '[]', '[]', \(sqlString(item.contentText)), \(simhash), \(at));\n"
            out +=
                "INSERT INTO revision_search (rowid, title, text) VALUES (\(id), \(sqlString(item.title)), \(sqlString(item.contentText)));\n"
            for band in 0..<4 {
                let key = Int64(band) << 16 | Int64((UInt64(bitPattern: simhash) >> (16 * UInt64(band))) & 0xFFFF)
                out += "INSERT INTO simhash_band (key, item_id, simhash) VALUES (\(key), \(id), \(simhash));\n"
            }
        }
        out +=
            "UPDATE source SET body_hash = 'poll-\(number)', last_polled_at = \(at), last_status = 200 WHERE id = \(sourceID);\n"
        out +=
            "INSERT INTO fetch_log (source_id, fetched_at, url, status, body_hash, bytes, duration_ms, items, new, revised, duplicate, near_duplicate) VALUES (\(sourceID), \(at), 'https://bench.example.org/feed', 200, 'poll-\(number)', 10000, 50, 20, 20, 0, 0, 0);\n"
        out += "COMMIT;\n"
        if out.utf8.count > 1 << 20 {
            FileHandle.standardOutput.write(Data(out.utf8))
            out = ""
        }
    }
    out += "PRAGMA wal_checkpoint(TRUNCATE);\n"
    FileHandle.standardOutput.write(Data(out.utf8))
case (4, "search"):
    let store = try FeedStore(path: arguments[2], access: .readOnly)
    var random = SplitMix(state: 99)
    let clock = ContinuousClock()
    var lines = ""
    for index in 0..<(Int(arguments[3]) ?? 0) {
        // Half one word, half two; words drawn like the text, so common and rare terms both appear.
        let query = words(index % 2 == 0 ? 1 : 2, &random)
        let started = clock.now
        let hits = try store.search(query, limit: 20)
        let elapsed = clock.now - started
        lines +=
            "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) \(hits.count)\n"
    }
    print(lines, terminator: "")
default:
    FileHandle.standardError.write(
        Data("usage: feedstore-bench ingest STORE ITEMS | floor-sql ITEMS | search STORE QUERIES\n".utf8)
    )
    exit(64)
}
