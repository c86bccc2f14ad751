import FeedWatch
import Foundation
import TOMLKit
import Testing

@testable import feedwatch

/// `feedwatch import-opml` run as a user runs it; the printed tables are read back with a TOML parser.
struct ImportOPMLCommandTests {
    static let fixtures = ParseCommandTests.repository.appendingPathComponent("Tests/FeedCoreTests/Fixtures/opml")

    struct Source: Equatable {
        var name: String
        var url: String
        var tags: [String]
    }

    /// The `[[source]]` tables of `toml`, parsed by TOMLKit (the library the daemon reads its config with).
    static func sources(_ toml: String) throws -> [Source] {
        let table = try TOMLTable(string: toml)
        let array = try #require(table["source"]?.array, "no [[source]] tables in:\n\(toml)")
        return try array.map { value in
            let source = try #require(value.table)
            return Source(
                name: try #require(source["name"]?.string),
                url: try #require(source["url"]?.string),
                tags: (source["tags"]?.array).map { $0.compactMap(\.string) } ?? []
            )
        }
    }

    static func importing(_ fixture: String) throws -> ParseCommandTests.Run {
        try ParseCommandTests.feedwatch(["import-opml", fixtures.appendingPathComponent(fixture + ".opml").path])
    }

    @Test func feedlyFoldersBecomeTagsAndADuplicateIsPrintedOnceWithBothFolders() throws {
        let run = try Self.importing("feedly-nested-folders")
        #expect(run.status == 0)
        let sources = try Self.sources(run.stdout)
        #expect(
            sources.map(\.name) == [
                "ars-technica", "the-verge-all-posts", "lwn-net", "phoronix", "bbc-news-world",
                "le-monde-fr-actualites-et-infos-en-france-et",
            ]
        )
        #expect(
            sources[0]
                == Source(
                    name: "ars-technica",
                    url: "https://feeds.arstechnica.com/arstechnica/index",
                    tags: ["tech", "must-read"]
                )
        )
        #expect(sources[2].tags == ["tech", "linux-open-source"])
        #expect(run.stdout.contains("# duplicate of ars-technica: Ars Technica (in Must Read)\n"))
        #expect(run.stdout.contains("\n# LWN.net — https://lwn.net\n[[source]]\nname = \"lwn-net\"\n"))
        #expect(run.stdout.hasPrefix("# 6 source(s) from "))
        #expect(run.stderr.contains("6 source(s), 1 duplicate(s) merged, 0 skipped"))
    }

    @Test func missingTitlesOddSchemesAndCharactersTOMLMustEscape() throws {
        let run = try Self.importing("netnewswire-missing-titles")
        #expect(run.status == 0)
        let sources = try Self.sources(run.stdout)
        #expect(
            sources.map(\.name) == [
                "daring-fireball", "swift-org-blog", "swiftbysundell-com-rss", "point-free", "quoted-backslash",
                "www3-nhk-or-jp-rss-news-cat0",
            ]
        )
        #expect(sources.first { $0.name == "daring-fireball" }?.tags == [])
        #expect(sources.first { $0.name == "quoted-backslash" }?.tags == ["podcasts-radio"])
        #expect(run.stdout.contains("# \"Quoted\" \\ Backslash \u{263A}\n"))
        #expect(run.stdout.contains("# 日本のニュース\n"))
        #expect(
            run.stderr.contains(
                "line 15: skipped \"Accidental Tech Podcast\": xmlUrl 'feed://atp.fm/rss' is not an http or https URL"
            )
        )
        #expect(run.stderr.contains("line 16: skipped \"Local Notes\": xmlUrl 'file:///Users/jane/notes.xml'"))
        #expect(run.stderr.contains("warning: line 17: outline \"Broken\" has an empty xmlUrl; skipped"))
        #expect(!run.stdout.contains("atp.fm"))
    }

    @Test func aFeedInSeveralFoldersOrWithAnUpperCaseHostIsOneSource() throws {
        let run = try Self.importing("inoreader-duplicates")
        #expect(run.status == 0)
        let sources = try Self.sources(run.stdout)
        #expect(sources.count == 4)
        #expect(sources.filter { $0.url == "https://www.nature.com/nature.rss" }.map(\.tags) == [["science", "daily"]])
        #expect(sources[0].url == "https://www.reutersagency.com/feed/?best-topics=political-general&post_type=best")
        #expect(
            run.stdout.contains(
                "# duplicate of al-jazeera-breaking-news-world-news-and-video: Al Jazeera (copy) (in Daily)"
            )
        )
        #expect(run.stderr.contains("4 source(s), 3 duplicate(s) merged, 0 skipped"))
    }

    @Test func clashingNamesGetSuffixesAndControlCharactersStayOutOfComments() throws {
        let opml = """
            <opml version="2.0"><body>
              <outline text="Tech News" xmlUrl="https://a.example/feed"/>
              <outline text="Tech  News!" xmlUrl="https://b.example/feed"/>
              <outline text="tech-news" xmlUrl="https://c.example/feed"/>
              <outline text="Two&#10;lines&#9;and &quot;quotes&quot;" xmlUrl="https://d.example/rss?x=1&amp;y=2"/>
            </body></opml>
            """
        let run = try ParseCommandTests.feedwatch(["import-opml", "-"], stdin: Data(opml.utf8))
        #expect(run.status == 0)
        let sources = try Self.sources(run.stdout)
        #expect(sources.map(\.name) == ["tech-news", "tech-news-2", "tech-news-3", "two-lines-and-quotes"])
        #expect(run.stdout.contains("# Two lines and \"quotes\"\n"))
        #expect(run.stdout.hasPrefix("# 4 source(s) from -, by feedwatch import-opml\n"))
    }

    @Test func aFeedIsNotOPMLAndExits65() throws {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title></channel></rss>"
        let run = try ParseCommandTests.feedwatch(["import-opml", "-"], stdin: Data(rss.utf8))
        #expect(run.status == 65)
        #expect(run.stderr.contains("not an OPML file: found an XML document whose root element is <rss>"))
        #expect(run.stdout.isEmpty)
    }

    @Test func aMissingFileExits66() throws {
        let run = try ParseCommandTests.feedwatch(["import-opml", "/nonexistent/list.opml"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("/nonexistent/list.opml: cannot read: no such file"))
    }
}

/// The pieces of the tables, checked on their own: what no OPML fixture can reach (a URL never holds a quote).
struct SourceTablePlanTests {
    // No NUL: XML cannot carry one, and TOMLKit reads through C strings, which end at it.
    @Test(arguments: [
        "plain", "say \"hi\"", "C:\\feeds\\", "tab\there", "line\nbreak\r\n", "\u{1}\u{8}\u{C}\u{1B}\u{1F}\u{7F}",
        "é ☺ 日本",
    ])
    func tomlStringsReadBackAsWritten(_ text: String) throws {
        let table = try TOMLTable(string: "value = " + TOMLText.string(text))
        #expect(table["value"]?.string == text)
    }

    @Test func slugsAreLowerCaseASCIIWordsCutAtAWordBoundary() {
        #expect(SourceTablePlan.slug("Nature's News — Actualités") == "natures-news-actualites")
        #expect(SourceTablePlan.slug("  --Q&A!! ") == "q-a")
        #expect(SourceTablePlan.slug("日本のニュース") == "")
        #expect(SourceTablePlan.slug(String(repeating: "word ", count: 20)).count <= SourceTablePlan.maxNameLength)
        #expect(SourceTablePlan.slug(String(repeating: "word ", count: 20)).hasSuffix("word"))
        #expect(SourceTablePlan.slug(String(repeating: "x", count: 60)) == String(repeating: "x", count: 48))
    }
}
