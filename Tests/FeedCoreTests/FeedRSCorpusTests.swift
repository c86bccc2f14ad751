import Foundation
import Testing

@testable import FeedCore

/// The feed-rs fixtures: real feeds from news sites and services, with feed-rs's own parse as a snapshot.
/// Read in place from `../shared/data/feed-rs-fixtures` (never copied into the repo).
enum FeedRSCorpus {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/feed-rs-fixtures")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every feed file, by path relative to the corpus (`rss2/rss_2.0_bbc.xml`).
    static var feeds: [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { ($0.hasSuffix(".xml") || $0.hasSuffix(".json")) && !$0.hasSuffix(".serde.json") }
            // feed-rs's XML-reader fixtures: a product catalogue, not feeds (there is no snapshot for them).
            .filter { !$0.hasPrefix("xml/xml_sample") }
            .sorted()
    }

    static func snapshot(for feed: String) -> [String: Any]? {
        let base = feed.replacingOccurrences(of: ".xml", with: "").replacingOccurrences(of: ".json", with: "")
        let url = directory.appendingPathComponent(base + ".serde.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// feed-rs keeps HTML in some titles; ours are plain text, so theirs is reduced the same way.
    static func plain(_ value: Any?) -> String? {
        guard let object = value as? [String: Any], let content = object["content"] as? String else { return nil }
        let text = HTMLConversion.plainText(content)
        return text.isEmpty ? nil : text
    }

    static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        return DateParser().parse(text)?.instant
    }
}

@Suite(
    "feed-rs corpus",
    .enabled(if: FeedRSCorpus.isPresent, "../shared/data/feed-rs-fixtures is absent: corpus test skipped")
)
struct FeedRSCorpusTests {
    @Test("every feed parses without error", arguments: FeedRSCorpus.feeds)
    func parses(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: FeedRSCorpus.directory.appendingPathComponent(path)))
        let feed = try FeedParser().parse(bytes)
        #expect(feed.format.rawValue.isEmpty == false)
    }

    @Test(
        "titles, links, dates and authors agree with feed-rs's snapshot",
        arguments: FeedRSCorpus.feeds.filter { FeedRSCorpus.snapshot(for: $0) != nil }
    )
    func agreesWithSnapshot(_ path: String) throws {
        let snapshot = try #require(FeedRSCorpus.snapshot(for: path))
        let bytes = try [UInt8](Data(contentsOf: FeedRSCorpus.directory.appendingPathComponent(path)))
        let feed = try FeedParser().parse(bytes)
        #expect(feed.title == FeedRSCorpus.plain(snapshot["title"]), "feed title")
        let entries = snapshot["entries"] as? [[String: Any]] ?? []
        #expect(feed.items.count == entries.count, "item count")
        for (item, entry) in zip(feed.items, entries) {
            #expect(item.title == FeedRSCorpus.plain(entry["title"]), "title of \(item.identity)")
            let links = (entry["links"] as? [[String: Any]] ?? []).filter {
                ($0["rel"] as? String).map { $0 == "alternate" } ?? true
            }
            // feed-rs leaves relative links relative; ours are resolved, so only absolute ones compare.
            if let expected = links.first?["href"] as? String, expected.hasPrefix("http"), let link = item.link {
                #expect(
                    URLResolution.normalisedLink(link) == URLResolution.normalisedLink(expected),
                    "link of \(item.identity)"
                )
            }
            if let published = FeedRSCorpus.date(entry["published"]) {
                #expect(item.published?.instant == published, "published of \(item.identity)")
            }
            if let updated = FeedRSCorpus.date(entry["updated"]), item.updated != nil {
                #expect(item.updated?.instant == updated, "updated of \(item.identity)")
            }
            // feed-rs names an RSS `author` that it reads as an e-mail address "author"; we take the name
            // from the parentheses, so that placeholder does not compare.
            let authors = (entry["authors"] as? [[String: Any]] ?? [])
                .compactMap { ($0["name"] as? String).map(TextNormalisation.foldWhitespace) }
                .filter { $0 != "author" }
            if !authors.isEmpty {
                // feed-rs keeps `Name (mailto:…)` whole where we split off the address: a prefix match is agreement.
                for name in authors {
                    #expect(
                        item.authors.contains { name.hasPrefix($0) || $0.hasPrefix(name) },
                        "author \(name) of \(item.identity): \(item.authors)"
                    )
                }
            }
        }
    }
}
