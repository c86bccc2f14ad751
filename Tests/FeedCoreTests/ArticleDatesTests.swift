import Foundation
import Testing

@testable import FeedCore

@Suite("Article dates")
struct ArticleDatesTests {
    static let dates = DateParser()

    static func day(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text + "T00:00:00Z") }

    /// A page with a headline, the given lines under it, a body, and the given `<head>` metadata.
    static func article(head: String = "", lines: String, url: String? = nil) throws -> Article {
        let html = """
            <html lang="en"><head>\(head)</head><body><h1>Council approves the budget</h1>\(lines)
            <div class="content"><p>The council approved the budget on Tuesday, after a long debate, by nine votes to four.</p>
            <p>The opposition said it would ask for the vote to be held again, as the rules allow, next month.</p></div>
            </body></html>
            """
        return try ArticleExtractor().extract(html: Array(html.utf8), url: url.flatMap(URL.init(string:)))
    }

    @Test(arguments: [
        ("By Ann Lee · March 5, 2025 · 4 min read", "2025-03-05", PrintedDate.Label.none),
        ("Posted on December 18, 2025 by John Doe", "2025-12-18", .published),
        ("Last updated: Sep 4, 2025", "2025-09-04", .updated),
        ("Pubblicato il 5 aprile 2022", "2022-04-05", .published),
        ("Aggiornato 6 aprile 2022, 10:00", "2022-04-06", .updated),
        ("Опубликовано 16 марта 2024", "2024-03-16", .published),
        ("Yucy3/4/2025", "2025-03-04", .none),
        ("post time: 01-04-2024", "2024-01-04", .published),
    ])
    func aPrintedDateIsFoundInItsLineWithWhatItsLabelSays(line: String, day: String, label: PrintedDate.Label) {
        let found = PrintedDate.all(in: line, dates: Self.dates, dayFirst: false)
        #expect(found.first.map { ISO8601.string($0.date.instant).prefix(10) } == Substring(day))
        #expect(found.first?.label == label)
    }

    @Test func twoDatesInOneLineAreBothRead() {
        let found = PrintedDate.all(
            in: "Published Jan 2, 2024 · Updated Mar 5, 2025",
            dates: Self.dates,
            dayFirst: nil
        )
        #expect(found.map(\.label) == [.published, .updated])
        #expect(found.last?.date.instant == Self.day("2025-03-05"))
    }

    @Test func aSentenceThatMentionsADateIsNoDateLine() {
        let sentence =
            "The end of the tax season for most people in the country is April 15, 2025, unless they ask for more time."
        #expect(PrintedDate.all(in: sentence, dates: Self.dates, dayFirst: false).isEmpty)
    }

    @Test(arguments: [
        ("10/31/2024", nil as Bool?, "2024-10-31" as String?),
        ("31/10/2024", nil, "2024-10-31"),
        ("05/04/2022", nil, nil),
        ("05/04/2022", true, "2022-04-05"),
        ("05/04/2022", false, "2022-05-04"),
        ("17.05.2021", nil, "2021-05-17"),
        ("09.10.2024", false, "2024-09-10"),
        ("2/24/26", false, "2026-02-24"),
        ("12.31.23", false, nil),
        ("1.2.3", true, nil),
    ])
    func numericDatesAreReadOnlyWhenTheOrderIsKnown(token: String, dayFirst: Bool?, expected: String?) {
        #expect(PrintedDate.numericDate(token, dayFirst: dayFirst) == expected)
    }

    @Test func theLocaleSaysWhichWayNumericDatesRun() {
        #expect(ArticleDates.readsDayFirst(locale: "en-US") == false)
        #expect(ArticleDates.readsDayFirst(locale: "en") == false)
        #expect(ArticleDates.readsDayFirst(locale: "en_GB") == true)
        #expect(ArticleDates.readsDayFirst(locale: "it") == true)
        #expect(ArticleDates.readsDayFirst(locale: nil) == nil)
    }

    @Test(arguments: [
        ("https://example.com/2025/12/16/a-story/", "2025-12-16" as String?),
        ("https://example.com/blog/2023/october/03/wine-styles", "2023-10-03"),
        ("https://example.com/blog/2025-12-17-minisgl?ref=feed", "2025-12-17"),
        ("https://example.com/archive/2025/12/notes.html", nil),
        ("https://example.com/product/2025/13/40/", nil),
    ])
    func aDateInTheURLIsRead(url: String, expected: String?) {
        #expect(ArticleDates.dateInURL(url, Self.dates)?.instant == expected.flatMap(Self.day))
    }

    @Test func aPrintedDateByTheHeadlineWinsOverMetadataThatDisagrees() throws {
        let head = #"<meta property="article:published_time" content="2025-06-24T10:00:00+00:00">"#
        let article = try Self.article(head: head, lines: "<div class=\"meta\">Shauna Mitchell · August 25, 2024</div>")
        #expect(article.published?.instant == Self.day("2024-08-25"))
    }

    @Test func metadataOnThePrintedDayLendsItsTimeAndZone() throws {
        let head = #"<meta property="article:published_time" content="2024-08-25T21:30:00-04:00">"#
        let article = try Self.article(head: head, lines: "<div>August 25, 2024</div>")
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: "2024-08-26T01:30:00Z"))
        #expect(article.published?.statedOffset == -14_400)
        #expect(article.published?.zoneAssumed == false)
    }

    @Test func aPrintedUpdateDoesNotOutrankThePublishedDate() throws {
        let head = #"<meta property="article:published_time" content="2020-03-10T15:30:00+00:00">"#
        let article = try Self.article(head: head, lines: "<div>Last updated: February 12, 2025</div>")
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: "2020-03-10T15:30:00Z"))
    }

    @Test func aDateInTheURLOutranksWhatThePageSays() throws {
        let head = #"<meta property="article:published_time" content="2025-12-03T09:00:00+00:00">"#
        let article = try Self.article(
            head: head,
            lines: "<div>December 3, 2025</div>",
            url: "https://example.com/2025/11/24/offers/"
        )
        #expect(article.published?.instant == Self.day("2025-11-24"))
    }

    @Test func aWebPageDateStandsInWhenTheArticleStatesNone() throws {
        let head = """
            <script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2021-01-27T06:00:00+00:00",
            "dateModified":"2021-04-15T00:07:20+00:00"},{"@type":"Article","headline":"Council approves the budget"}]}</script>
            """
        let article = try Self.article(head: head, lines: "")
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: "2021-01-27T06:00:00Z"))
        #expect(article.updated?.instant == ISO8601DateFormatter().date(from: "2021-04-15T00:07:20Z"))
    }

    @Test func metadataWrittenForPeopleIsReadToo() throws {
        let head = #"<meta name="citation_publication_date" content="2023 Jan 7">"#
        #expect(try Self.article(head: head, lines: "").published?.instant == Self.day("2023-01-07"))
        let span = #"<span itemprop="published-date" content="Published Oct 20, 2025 at 5:00 PM">Oct 20</span>"#
        #expect(
            try Self.article(lines: span).published?.instant
                == ISO8601DateFormatter().date(from: "2025-10-20T17:00:00Z")
        )
    }

    /// The article extracted from `Fixtures/dates/<name>.html`, read as UTC.
    static func fixture(_ name: String) throws -> Article {
        try ArticleExtractor().extract(html: try fixtureBytes(name, "html", subdirectory: "Fixtures/dates"))
    }

    static func utc(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    @Test func aPrintedDayWithNoZoneAgreesWithMetadataInUTCOnTheNextDay() throws {
        let article = try Self.fixture("utc-metadata-local-day")
        #expect(article.published?.instant == Self.utc("2021-12-10T02:17:00Z"))
        #expect(article.published?.statedOffset == 0)
    }

    @Test(arguments: [
        // 02:17 UTC on the 10th is the 9th from UTC-12 to UTC-02:18.
        ("2021-12-10T02:17:00+00:00", "December 9, 2021", true),
        // 23:00 UTC on the 10th is the 11th from UTC+01 eastwards.
        ("2025-12-10T23:00:00+00:00", "December 11, 2025", true),
        ("2021-12-11T13:00:00+00:00", "December 9, 2021", false),
        // A printed date with its zone names one day only.
        ("2021-12-10T02:17:00+00:00", "December 9, 2021 21:17 +0100", false),
        // Neither states a zone: both are wall-clock times of the same place.
        ("13 Nov 2025 09:21:40", "12 November 2025", false),
    ])
    func aStatedInstantAgreesWithAPrintedDayInSomeZoneOnEarth(stated: String, printed: String, agrees: Bool) throws {
        let stated = try #require(Self.dates.parse(stated))
        let printed = try #require(Self.dates.parse(printed))
        #expect(ArticleDates.agrees(stated, with: printed, Self.dates) == agrees)
    }

    @Test func aPrintedDateTheMetadataConfirmsOutranksANearerOne() throws {
        let article = try Self.fixture("confirmed-printed-date")
        #expect(article.published?.instant == Self.day("2019-06-25"))
    }

    @Test func aLabelledPublicationOutranksMetadataStampedAsBothPublishedAndModified() throws {
        let article = try Self.fixture("restamped-metadata")
        #expect(article.published?.instant == Self.day("2025-08-13"))
    }

    @Test func aPostTimeLineOutranksAStatedModification() throws {
        let article = try Self.fixture("post-time-label")
        #expect(article.published?.instant == Self.day("2024-01-04"))
    }

    @Test func aReadingTimeInsideABylineIsStated() {
        #expect(PageLines.statedReadingTime(in: "Ann Lee · March 5, 2025 · 4 min read") == 4)
        #expect(PageLines.statedReadingTime(in: "di Giulia Ferrari 3 minuti di lettura") == 3)
        #expect(PageLines.statedReadingTime(in: "Open 9 min after sunrise") == nil)
    }
}
