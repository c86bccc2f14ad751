import Foundation
import Testing

@testable import FeedCore

/// Which text of a page is read for dates: see ``PageLines``. Each fixture is a small hand-made page under
/// `Fixtures/dates/` showing one rule.
@Suite("Page lines")
struct PageLinesTests {
    static func article(_ name: String) throws -> Article {
        try ArticleExtractor().extract(html: try fixtureBytes(name, "html", subdirectory: "Fixtures/dates"))
    }

    static func day(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text + "T00:00:00Z") }

    static func lines(_ html: String) throws -> PageLines {
        PageLines(root: try PageTree.parse(utf8: Array(html.utf8)), body: nil)
    }

    @Test func aDateInAHiddenElementIsNotPrinted() throws {
        let article = try Self.article("hidden-date")
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: "2022-02-16T07:53:25Z"))
        let lines = try Self.lines(
            #"<div><span style="visibility:hidden">May 1, 2020</span><span style="Display : None">May 2, 2020</span><p>May 3, 2020</p></div>"#
        )
        #expect(lines.lines.map(\.text) == ["May 3, 2020"])
        // React streams parts of a page in hidden elements that its script then shows.
        let streamed = try Self.lines(
            #"<div><div hidden id="S:0"><span>3 min read</span></div><p>May 3, 2020</p></div>"#
        )
        #expect(streamed.lines.map(\.text) == ["3 min read", "May 3, 2020"])
    }

    @Test func theArticlesOwnFooterIsReadButNotThePages() throws {
        let article = try Self.article("article-footer-byline")
        #expect(article.published?.instant == Self.day("2023-03-30"))
        let lines = try Self.lines(
            "<body><article><footer>March 30, 2023</footer></article><footer>May 1, 2020</footer></body>"
        )
        #expect(lines.lines.map(\.text) == ["March 30, 2023"])
    }

    @Test func textLooseBetweenBlocksIsALine() throws {
        let article = try Self.article("loose-date-text")
        #expect(article.published?.instant == Self.day("2025-12-20"))
        // Text inside a paragraph too long to be a line is not split into lines.
        let sentence = String(repeating: "The council met again and argued. ", count: 6)
        let lines = try Self.lines(
            "<div><h2>Title</h2> 20 December 2025 <p>\(sentence)<b>bold</b> May 1, 2020</p></div>"
        )
        #expect(lines.lines.map(\.text) == ["Title", "20 December 2025", "bold"])
    }

    @Test func elementsRunTogetherAreAlsoReadApart() throws {
        let article = try Self.article("run-together-byline")
        #expect(article.published?.instant == Self.day("2025-03-05"))
        // The text as folded wins a tie: splitting at elements would break the ordinal.
        let lines = try Self.lines("<div><p>March 12<sup>th</sup>, 2024</p></div>")
        let found = try #require(lines.lines.first).printedDates(dates: DateParser(), dayFirst: false)
        #expect(found.text == "March 12th, 2024")
        #expect(found.found.first?.date.instant == Self.day("2024-03-12"))
    }

    @Test func aLabelledMonthIsTheFirstOfItWhenNothingElseDatesThePage() throws {
        let article = try Self.article("labelled-month")
        #expect(article.published?.instant == Self.day("2022-06-01"))
        // A month in running text, or with no label, is no date.
        #expect(try Self.lines("<p>Last updated: June 2022</p>").firstLabelledMonth(dates: DateParser()) != nil)
        #expect(try Self.lines("<p>June 2022</p>").firstLabelledMonth(dates: DateParser()) == nil)
        #expect(try Self.lines("<p>Updated: the June 2022 figures</p>").firstLabelledMonth(dates: DateParser()) == nil)
    }
}
