import Foundation
import Testing

@testable import FeedCore

@Suite("Article body finder")
struct ArticleBodyFinderTests {
    static let paragraph = "This paragraph of the story is long enough, with a comma or two, to be scored as prose"

    @Test func aBodySplitIntoDeeplyWrappedSectionsIsReadWhole() throws {
        // A page builder: every section six wrappers deep, the sections siblings of each other.
        func section(_ number: Int) -> String {
            "<div class=\"row\"><div class=\"col\"><div class=\"block\"><div class=\"block-content\"><div class=\"html\">"
                + "<h2>Part \(number)</h2><p>\(Self.paragraph), part \(number).</p><p>\(Self.paragraph), again \(number).</p>"
                + "</div></div></div></div></div>"
        }
        let html =
            "<html><body><nav><a href='/'>Home</a></nav><div class=\"page\">"
            + (1...4).map(section).joined() + "</div><footer>Site footer</footer></body></html>"
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs.filter { $0.hasPrefix("Part ") } == ["Part 1", "Part 2", "Part 3", "Part 4"])
        #expect(article.paragraphs.count == 12)
    }

    @Test func textBetweenLineBreaksWithoutParagraphTagsIsABody() throws {
        let html = """
            <html><body><div class="menu"><a href="/">Home</a> <a href="/a">About</a></div>
            <div class="entry">\(Self.paragraph), first.<br><br>\(Self.paragraph), second.<br><br>
            <a href="/x">A link inside the text</a>, and \(Self.paragraph), third.</div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs.count == 1)
        #expect(article.paragraphs[0].hasPrefix(Self.paragraph + ", first."))
        #expect(article.paragraphs[0].hasSuffix("third."))
    }

    @Test func commentsLongerThanTheStoryAreStillLeftOut() throws {
        let comments = (1...12).map {
            "<li class=\"comment\"><p>Reader \($0) says: \(Self.paragraph), in a comment.</p></li>"
        }
        let html = """
            <html><body><div class="post"><h1>A short story</h1><div class="entry"><p>\(Self.paragraph), the story.</p>
            <p>\(Self.paragraph), its end.</p></div>
            <div id="comments" class="comments-wrapper"><ol class="commentlist">\(comments.joined())</ol></div></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs == ["\(Self.paragraph), the story.", "\(Self.paragraph), its end."])
    }

    @Test func aPageLeftInsideAnUnclosedButtonStillHasItsArticle() throws {
        let html = """
            <html><body><header><button class="menu-button"><span>Menu</span>
            <article><h1>Inside a button</h1><p>\(Self.paragraph), first.</p><p>\(Self.paragraph), second.</p></article>
            </body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs == ["\(Self.paragraph), first.", "\(Self.paragraph), second."])
    }

    @Test func textLengthsAreMeasuredWhenTheTreeIsBuilt() throws {
        let root = try PageTree.parse(utf8: Array("<div> Two  <a href='/'>links</a><p>and\ta block</p> </div>".utf8))
        let div = try #require(root.first { $0.name == "div" })
        #expect(div.foldedText == "Two links and a block")
        #expect(div.textLength == div.foldedText.unicodeScalars.count)
        #expect(div.linkTextLength == 5)
        #expect(div.looseTextLength == 8)  // "Two" and "links", the space between them not counted
        #expect(div.hasBlockChild)
    }
}
