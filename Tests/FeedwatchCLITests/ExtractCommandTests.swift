import Foundation
import Testing

/// `feedwatch extract` run as a user runs it.
struct ExtractCommandTests {
    static let articles = ParseCommandTests.repository.appendingPathComponent("Tests/FeedCoreTests/Fixtures/articles")

    @Test func anHTMLPagePrintsTheArticleAsJSONWithKeysInAFixedOrder() throws {
        let page = Self.articles.appendingPathComponent("italian-date-line.html").path
        let run = try ParseCommandTests.feedwatch(["extract", page, "--timezone", "Europe/Rome"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["title"] as? String == "Modena, il bilancio del Comune è solido")
        #expect(json["reading_time_minutes"] as? Int == 2)
        #expect(json["reading_time_source"] as? String == "stated")
        let published = try #require(json["published"] as? [String: Any])
        #expect(published["at"] as? String == "2022-04-05T14:48:00Z")
        #expect(published["zone_assumed"] as? Bool == true)
        let keys = [
            "\"title\"", "\"authors\"", "\"published\"", "\"updated\"", "\"reading_time_source\"", "\"paragraphs\"",
        ]
        let positions = keys.compactMap { run.stdout.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
    }

    @Test func textFormatPrintsTheHeaderThenTheParagraphs() throws {
        let page = Self.articles.appendingPathComponent("news-with-boilerplate.html").path
        let run = try ParseCommandTests.feedwatch(["extract", page, "--format", "text"])
        #expect(run.status == 0)
        #expect(
            run.stdout.hasPrefix(
                "Harbour bridge reopens after two years of repairs\nBy Jane Doe, John Roe\nPublished: 2024-03-12T08:30:00Z\n"
            )
        )
        #expect(run.stdout.contains("Reading time: 1 min (computed)"))
        #expect(run.stdout.contains("\n\nTraffic returns\n\n"))
    }

    @Test func plainTextFromStandardInputIsReadAsAPlainTextArticle() throws {
        let text =
            "Titolo\n\n2 Minuti di Lettura\n\nMartedì 5 Aprile 2022, 16:48\n\nIl testo dell'articolo, con una frase che finisce.\n"
        let run = try ParseCommandTests.feedwatch(["extract", "-"], stdin: Data(text.utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"reading_time_source\": \"stated\""))
        #expect(run.stdout.contains("\"title\": \"Titolo\""))
    }

    @Test func aPageWithNoArticleSaysSoAndExitsOne() throws {
        let html = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
        let run = try ParseCommandTests.feedwatch(["extract", "-"], stdin: Data(html.utf8))
        #expect(run.status == 1)
        #expect(run.stderr.contains("no article found"))
        #expect(run.stdout.isEmpty)
    }
}
