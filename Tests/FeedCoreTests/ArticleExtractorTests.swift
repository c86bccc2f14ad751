import Foundation
import Testing

@testable import FeedCore

@Suite("HTML article extraction")
struct ArticleExtractorTests {
    static func page(_ name: String) throws -> [UInt8] {
        try fixtureBytes(name, "html", subdirectory: "Fixtures/articles")
    }

    static func utc(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    @Test func aNewsPageGivesJSONLDMetadataAndTheBodyWithoutItsBoilerplate() throws {
        let url = try #require(URL(string: "https://example.com/news/index.html"))
        let article = try ArticleExtractor().extract(html: try Self.page("news-with-boilerplate"), url: url)
        // JSON-LD wins over OpenGraph and <meta name=author>.
        #expect(article.title == "Harbour bridge reopens after two years of repairs")
        #expect(article.authors == ["Jane Doe", "John Roe"])
        #expect(article.published?.instant == Self.utc("2024-03-12T08:30:00Z"))
        #expect(article.updated?.instant == Self.utc("2024-03-12T10:05:00Z"))
        #expect(article.published?.zoneAssumed == false)
        #expect(article.siteName == "The Daily Example")
        #expect(article.canonicalURL == "https://example.com/2024/03/harbour-bridge-reopens")
        #expect(article.language == "en")
        #expect(article.paragraphs == [
            "The harbour bridge reopened to traffic on Tuesday morning, two years after engineers closed it because of corrosion in its main cables, and commuters lined up before dawn to be among the first to cross.",
            "City officials said the repairs, which replaced more than four kilometres of cable, cost 180 million euros, slightly less than the budget approved in 2022.",
            "Traffic returns",
            "By nine o'clock, the transport authority counted more than 12,000 vehicles, a figure close to the daily average before the closure, and buses on three routes returned to their old timetables.",
            "We promised the city a safer bridge, and this morning we delivered it, on time and on budget.",
            "The works were not without setbacks: a storm in the first winter flooded the workshop, and a shortage of steel delayed the second phase by four months.",
            "New cables on both spans\nA separate lane for bicycles\nSensors that report strain every minute",
            "Residents on both banks said they were relieved, though some noted that the toll, suspended during the works, will return next month.",
        ])
        #expect(article.boilerplate.contains("The bridge at dawn on Tuesday. Photo: Example Agency"))
        #expect(article.boilerplate.contains("Read also: Ferry service extended for the last month of the works"))
        #expect(article.boilerplate.contains("Advertisement"))
        let everything = (article.paragraphs + [article.title ?? ""]).joined(separator: " ")
        for dropped in ["cookies", "Home", "Comments", "Finally!", "newsletter", "Share on", "All rights reserved", "Tunnel plans", "covers transport"] {
            #expect(!everything.contains(dropped), "\(dropped) leaked into the article")
        }
        #expect(article.readingTimeSource == .computed)
        #expect(article.readingTimeMinutes == 1)
    }

    @Test(arguments: ["UTC", "Europe/Rome"])
    func anItalianPageReadsItsVisibleDateLineAndStatedReadingTime(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let article = try ArticleExtractor(timeZone: timeZone).extract(html: try Self.page("italian-date-line"))
        #expect(article.title == "Modena, il bilancio del Comune è solido")
        #expect(article.siteName == "Gazzetta Esempio")
        #expect(article.language == "it")
        #expect(article.readingTimeMinutes == 2)
        #expect(article.readingTimeSource == .stated)
        let offset = zone == "UTC" ? "Z" : "+02:00"
        #expect(article.published?.instant == Self.utc("2022-04-05T16:48:00" + offset))
        #expect(article.updated?.instant == Self.utc("2022-04-05T18:50:00" + offset))
        #expect(article.published?.zoneAssumed == true)
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs.first?.hasPrefix("Il consiglio comunale di Modena") == true)
        #expect(article.paragraphs.last?.hasPrefix("L'opposizione ha votato contro") == true)
        #expect(article.boilerplate == ["Leggi anche: Bologna, approvato il piano per le nuove piste ciclabili in periferia"])
        #expect(article.canonicalURL == nil)
    }

    @Test func tagSoupStillGivesTheStoryInOrder() throws {
        let article = try ArticleExtractor().extract(html: try Self.page("tag-soup"))
        #expect(article.title == "Tag soup")
        #expect(article.paragraphs.count >= 2)
        #expect(article.paragraphs[0].hasPrefix("First paragraph of the story, written with unclosed bold and italic tags"))
        #expect(article.paragraphs[1].hasPrefix("Second paragraph follows without closing the first one"))
        #expect(article.language == "en")
        #expect(article.authors.isEmpty)
        #expect(article.published == nil)
    }

    @Test func aPageWithoutProseHasNoArticle() {
        let html = Array("<html><body><nav><a href='/'>Home</a></nav><p>Hi.</p></body></html>".utf8)
        #expect(throws: ArticleExtractionError.noArticle) { try ArticleExtractor().extract(html: html) }
    }

    @Test func theCharsetComesFromTheMetaWhenTheCallerIsSilentAndFromTheCallerOtherwise() {
        let text = "<html><head><meta charset=\"windows-1252\"></head><body><p>caf\u{E9}</p></body></html>"
        let latin1 = text.unicodeScalars.map { UInt8($0.value) }
        let fromMeta = DocumentCharset.decodeHTML(latin1, callerCharset: nil)
        #expect(fromMeta.charset == "windows-1252")
        #expect(fromMeta.source == .declaration)
        #expect(String(decoding: fromMeta.utf8, as: UTF8.self).contains("café"))
        let wronglyUTF8 = DocumentCharset.decodeHTML(latin1, callerCharset: "utf-8")
        #expect(wronglyUTF8.charset == "windows-1252")
        #expect(!wronglyUTF8.warnings.isEmpty)
        let utf8 = Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>x</p>".utf8)
        #expect(DocumentCharset.decodeHTML(utf8, callerCharset: "utf-8").source == .caller)
        #expect(DocumentCharset.metaCharsetLabel(utf8) == "koi8-r")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<meta charset=koi8-r><p>é</p>".utf8)
        #expect(DocumentCharset.decodeHTML(bom, callerCharset: "windows-1251").source == .byteOrderMark)
    }

    @Test func jsonLDAuthorsComeAsAStringAnObjectOrAList() {
        let scripts = [
            #"[{"@type":"WebPage"},{"@type":["ReportageNewsArticle"],"headline":"H","author":"Ann Lee"}]"#,
        ]
        #expect(JSONLDArticle.find(in: scripts)?.authors == ["Ann Lee"])
        #expect(JSONLDArticle.find(in: [#"{"@type":"Article","author":{"@type":"Person","name":"Bo Li"}}"#])?.authors == ["Bo Li"])
        #expect(JSONLDArticle.find(in: [#"{"@type":"Recipe","author":"Nobody"}"#]) == nil)
    }

    @Test func htmlIsToldFromPlainText() throws {
        #expect(ArticleExtractor.looksLikeHTML(try Self.page("tag-soup")))
        #expect(!ArticleExtractor.looksLikeHTML(Array("Title\n\n2 Minutes of Reading\n\nA paragraph < 3 words.".utf8)))
    }
}

@Suite("HTML article metadata")
struct PageMetadataTests {
    @Test func aVisibleBylineNamesTheAuthorWhenMetadataDoesNot() throws {
        let html = """
            <html><body><article><h1>Una notizia</h1><span class="byline">Di Mario Rossi</span>
            <div class="author-bio">Mario Rossi scrive di economia da vent'anni per questo giornale.</div>
            <p>Il testo della notizia, abbastanza lungo da essere un paragrafo, con virgole, e parole.</p></article></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.authors == ["Mario Rossi"])
        #expect(article.title == "Una notizia")
        #expect(article.boilerplate.contains("Mario Rossi scrive di economia da vent'anni per questo giornale."))
    }

    @Test(arguments: [
        ("<strong>By <a href=\"/team/v\">Dr. Vahid Osman</a></strong> - Mar 27, 2024", ["Dr. Vahid Osman"]),
        ("Written by John Crenshaw", ["John Crenshaw"]),
        ("By continuing to browse you accept our cookies", []),
    ])
    func anUnhintedByLineNamesTheAuthor(line: String, authors: [String]) throws {
        let html = """
            <html><body><div>\(line)</div>
            <div class="content"><p>The story itself, long enough to be a paragraph, with a comma in it.</p></div></body></html>
            """
        #expect(try ArticleExtractor().extract(html: Array(html.utf8)).authors == authors)
    }

    @Test func aProfileURLGivenAsTheAuthorIsNotAName() throws {
        let html = """
            <html><head><script type="application/ld+json">{"@type":"Article","author":[{"name":"https://example.com/u/ann"},{"name":"Ann Lee"}]}</script></head>
            <body><div class="content"><p>The story itself, long enough to be a paragraph, with a comma in it.</p></div></body></html>
            """
        #expect(try ArticleExtractor().extract(html: Array(html.utf8)).authors == ["Ann Lee"])
    }

    @Test(arguments: [
        ("Published on: February 14, 2025", "2025-02-14T00:00:00Z"),
        ("Dec. 19, 2025 · Niko Matsakis", "2025-12-19T00:00:00Z"),
        ("Pubblicato il 5 aprile 2022 | Cronaca", "2022-04-05T00:00:00Z"),
    ])
    func aLabelledOrBylinedVisibleDateIsRead(line: String, expected: String) throws {
        let html = """
            <html><body><div class="when">\(line)</div>
            <div class="content"><p>The story itself, long enough to be a paragraph, with a comma in it.</p></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: expected))
    }

    @Test func aBlogWhoseHeadingIsItsOwnNameTakesTheArticleHeadingAsTitle() throws {
        let html = """
            <html><head><meta property="og:site_name" content="Antoyo's Blog"></head><body><h1>Antoyo's Blog</h1>
            <article><h2>Progress Report #39</h2><p>This month the code generator learned to compile more of the standard library.</p></article>
            </body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.title == "Progress Report #39")
        #expect(article.siteName == "Antoyo's Blog")
        #expect(article.paragraphs == ["This month the code generator learned to compile more of the standard library."])
    }

    @Test func theOnlyHeadingWinsOverATitleWithTheSiteNameAroundIt() throws {
        let html = """
            <html><head><meta property="og:title" content="Rates rise again &amp;#8211; analysis | Money Site"></head>
            <body><h1>Rates rise again – analysis</h1><div class="content"><p>The central bank raised rates again, by a quarter point, for the third time this year.</p></div></body></html>
            """
        #expect(try ArticleExtractor().extract(html: Array(html.utf8)).title == "Rates rise again – analysis")
        #expect(PageMetadata.withoutSiteSuffix("Big news today | The Daily Example") == "Big news today")
        #expect(PageMetadata.languageCode("it_IT") == "it")
    }
}

@Suite("HTML article body fallbacks")
struct ArticleBodyFallbackTests {
    @Test func anUnclosedHeaderAroundTheWholePageDoesNotHideTheArticle() throws {
        let html = """
            <html><body><header class="site"><a href="/">Home</a> <a href="/news">News</a>
            <div class="post"><p>The first paragraph of the story is long enough, with commas, to score as prose.</p>
            <p>The second paragraph is also long enough to count, and it ends the story here.</p></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs == [
            "The first paragraph of the story is long enough, with commas, to score as prose.",
            "The second paragraph is also long enough to count, and it ends the story here.",
        ])
    }

    @Test func blocksAllHintedAsBoilerplateAreReadWhenNothingElseIsLeft() throws {
        let html = """
            <html><body><article><div class="meta-block"><p>The first block of text, long enough, with commas, to be prose.</p></div>
            <div class="meta-block"><p>The second block of text, also long enough to be read as prose.</p></div></article></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs.count == 2)
        #expect(article.paragraphs.first?.hasPrefix("The first block of text") == true)
    }

    @Test func aBodySplitIntoNestedSectionsIsReadWhole() throws {
        func paragraph(_ number: Int) -> String {
            "<p>Paragraph \(number) of the story, long enough to be prose, with a comma and a full stop at the end.</p>"
        }
        let html = """
            <html><body><div class="wrap"><div class="part">\((1...3).map(paragraph).joined())</div>
            <div><div><div class="part">\((4...5).map(paragraph).joined())</div></div></div></div>
            <div class="sidebar"><a href="/x">Some other story that nobody asked for</a></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs.map { $0.prefix(11) } == (1...5).map { "Paragraph \($0)".prefix(11) })
    }

    @Test func hostileNestingIsCutAtTheDepthLimitInsteadOfExhaustingTheStack() throws {
        let story = "<p>A story near the top, long enough to be prose, with a comma and a full stop.</p>"
        let html = "<html><body><div class=\"content\">" + story + String(repeating: "<div>", count: 50_000)
            + "<p>Buried far below the depth limit, this text is never reached by the walk.</p></body></html>"
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.paragraphs.first == "A story near the top, long enough to be prose, with a comma and a full stop.")
        #expect(!article.paragraphs.contains { $0.hasPrefix("Buried") })
    }

    @Test func jsonLDArticleBodyIsTheTextWhenTheMarkupHasNone() throws {
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Only in JSON",
            "articleBody":"First line of the story.\\nSecond line of the story."}</script></head>
            <body><div id="app"></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(article.title == "Only in JSON")
        #expect(article.paragraphs == ["First line of the story.", "Second line of the story."])
    }
}
