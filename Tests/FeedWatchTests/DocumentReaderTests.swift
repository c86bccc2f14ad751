import FeedCore
import Foundation
import Testing

@testable import FeedWatch

@Suite struct DocumentReaderTests {
    private let utc = TimeZone(identifier: "UTC")!

    @Test func aFeedGivesItsItemsAndHints() throws {
        let contents = try DocumentReader(kind: .feed, timeZone: utc)
            .read(try fixture("documents/rss.xml"), url: "https://news.example.org/rss", charset: nil)
        #expect(contents.items.count == 2)
        #expect(contents.hints?.ttlMinutes == 15)
        #expect(!contents.extracted)
        #expect(contents.items[0].link?.hasPrefix("https://news.example.org/world/") == true)
    }

    @Test func autoReadsAnHTMLPageAsOneExtractedArticle() throws {
        let contents = try DocumentReader(kind: .auto, timeZone: utc)
            .read(try fixture("documents/article.html"), url: "https://news.example.org/a", charset: nil)
        #expect(contents.extracted)
        #expect(contents.items.count == 1)
        #expect(contents.hints == nil)
        let item = try #require(contents.items.first)
        #expect(item.identity.hasPrefix("link:"))
        #expect((item.contentText ?? "").count > 200)
    }

    @Test func aPlainTextArticleTakesTheSourceZone() throws {
        let kyiv = try #require(TimeZone(identifier: "Europe/Kyiv"))
        let item = try #require(
            try DocumentReader(kind: .page, timeZone: kyiv)
                .read(try fixture("documents/article.txt"), url: "file:///spool/article.txt", charset: nil).items.first
        )
        #expect(item.title == "Odesa harbour reopens to small fishing boats")
        // 11:20 in Kyiv on 5 April 2022 (UTC+3, summer time) is 08:20 UTC.
        #expect(item.published?.instant == Date(timeIntervalSince1970: 1_649_146_800))
        #expect(item.published?.zoneAssumed == true)
    }

    @Test func aFeedSourceRefusesAPage() throws {
        #expect(throws: DocumentError.self) {
            try DocumentReader(kind: .feed, timeZone: utc).read(
                try fixture("documents/article.html"),
                url: nil,
                charset: nil
            )
        }
    }

    @Test func aPlainTextArticleIsReadInItsCharset() throws {
        let item = try #require(
            try DocumentReader(kind: .page, timeZone: utc)
                .read(try fixture("documents/article-cp1251.txt"), url: nil, charset: "windows-1251").items.first
        )
        #expect(item.title == "Київ відкриває нічні трамвайні маршрути")
        #expect(item.contentText?.hasPrefix("Міська рада ухвалила рішення") == true)
    }

    @Test func aCompressedFileIsNamedNotReadAsAnArticle() throws {
        #expect(throws: DocumentError(description: "not an article: found gzip-compressed data (decompress it first)"))
        {
            try DocumentReader(kind: .page, timeZone: self.utc)
                .read(try fixture("documents/article.txt.gz"), url: nil, charset: nil)
        }
    }

    @Test func autoOnNeitherNamesBothFailures() throws {
        do {
            _ = try DocumentReader(kind: .auto, timeZone: utc).read(
                try fixture("documents/garbage.bin"),
                url: nil,
                charset: nil
            )
            Issue.record("garbage was read as a document")
        } catch {
            #expect("\(error)".contains("not a feed"))
            #expect("\(error)".contains("read as an article page"))
        }
    }
}
