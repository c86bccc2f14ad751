import FeedCore
import Foundation
import Testing

/// The parser on damaged copies of every format and encoding fixture: cut short, bytes overwritten, markup and
/// entities dropped in, spans deleted or repeated. A feed the network mangles must come back as a feed (items
/// it could read, each with an identity and a content hash) or as a ``FeedParseError``; never a crash. The
/// mutations are seeded, so a failure names a case that can be run again.
@Suite("FeedParser on damaged feeds")
struct FeedParserMutationTests {
    static let fixtures: [(name: String, ext: String, subdirectory: String)] =
        ["atom03", "atom10", "rss091", "rss092", "rss20"].map { ($0, "xml", "Fixtures/formats") }
        + [("rss10", "rdf", "Fixtures/formats"), ("rss090", "rdf", "Fixtures/formats")]
        + ["jsonfeed10", "jsonfeed11"].map { ($0, "json", "Fixtures/formats") }
        + [
            "it-iso-8859-1", "it-iso-8859-15", "it-utf-8-bom", "it-windows-1252-as-latin1", "ru-koi8-r",
            "ru-utf-8-invalid", "ru-utf-8", "ru-windows-1251", "uk-koi8-u", "uk-utf-16be-nobom", "uk-utf-16le-bom",
            "uk-windows-1251",
        ].map { ($0, "xml", "Fixtures/encoding") }

    /// What gets dropped into a feed: markup, CDATA and comment edges, entities (one of them undeclared and
    /// recursive), quotes, bytes invalid in UTF-8, JSON punctuation, an internal DTD and a charset change.
    static let insertions: [[UInt8]] =
        [
            "<", ">", "&", "&#", "&#x", "&amp", "]]>", "<![CDATA[", "<!--", "-->", "\"", "'", "<item>", "</item>",
            "<entry>", "<content type=\"html\">", "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>", "&a;", "&nbsp;", "<p",
            "</", "{", "}", "[", "]", ":", ",", "\"\\u", "\\ud800", "<script>", "<a href=\"javascript:x\">",
            "<?xml version=\"1.0\" encoding=\"windows-1251\"?>",
        ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE2, 0x80], [0xFE, 0xFF]]

    @Test(arguments: 0..<fixtures.count)
    func damagedCopiesParseOrFailCleanly(fixture: Int) throws {
        let (name, ext, subdirectory) = Self.fixtures[fixture]
        let original = try fixtureBytes(name, ext, subdirectory: subdirectory)
        var random = SplitMix64(seed: UInt64(fixture) &* 0x9E37_79B9 &+ 1)
        var readable = 0
        for round in 0..<40 {
            let damaged = Self.mutate(original, &random)
            do {
                let feed = try FeedParser().parse(damaged)
                if !feed.items.isEmpty { readable += 1 }
                for item in feed.items {
                    #expect(!item.identity.isEmpty, "\(name) round \(round): an item without an identity")
                    #expect(item.contentHash.utf8.count == 64, "\(name) round \(round): \(item.contentHash)")
                }
            } catch {
                // A typed FeedParseError: what the parser says of a document it cannot read.
                #expect(!error.description.isEmpty, "\(name) round \(round)")
            }
        }
        // Some damage leaves items readable (the recovering readers keep what comes before it): were none read,
        // the test would prove nothing about them.
        #expect(readable > 0, "\(name): no items read from any of 40 damaged copies")
    }

    /// One damaged copy of `bytes`.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var copy = bytes
        guard !copy.isEmpty else { return copy }
        switch random.next(below: 5) {
        case 0:
            copy.removeSubrange(random.next(below: copy.count)...)
        case 1:
            for _ in 0...random.next(below: 20) {
                copy[random.next(below: copy.count)] = UInt8(truncatingIfNeeded: random.next())
            }
        case 2:
            for _ in 0...random.next(below: 10) {
                let insertion = insertions[random.next(below: insertions.count)]
                copy.insert(contentsOf: insertion, at: random.next(below: copy.count + 1))
            }
        case 3:
            let start = random.next(below: copy.count)
            copy.removeSubrange(start..<(start + random.next(below: copy.count - start + 1)))
        default:
            let start = random.next(below: copy.count)
            let end = min(copy.count, start + random.next(below: 2000) + 1)
            let span = copy[start..<end]
            for _ in 0...random.next(below: 30) { copy.insert(contentsOf: span, at: start) }
        }
        return copy
    }
}

/// A small seeded generator (SplitMix64), so every damaged copy can be made again.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
