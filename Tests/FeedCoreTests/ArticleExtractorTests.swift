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
        #expect(
            article.paragraphs == [
                "The harbour bridge reopened to traffic on Tuesday morning, two years after engineers closed it because of corrosion in its main cables, and commuters lined up before dawn to be among the first to cross.",
                "City officials said the repairs, which replaced more than four kilometres of cable, cost 180 million euros, slightly less than the budget approved in 2022.",
                "Traffic returns",
                "By nine o'clock, the transport authority counted more than 12,000 vehicles, a figure close to the daily average before the closure, and buses on three routes returned to their old timetables.",
                "We promised the city a safer bridge, and this morning we delivered it, on time and on budget.",
                "The works were not without setbacks: a storm in the first winter flooded the workshop, and a shortage of steel delayed the second phase by four months.",
                "New cables on both spans\nA separate lane for bicycles\nSensors that report strain every minute",
                "Residents on both banks said they were relieved, though some noted that the toll, suspended during the works, will return next month.",
            ]
        )
        #expect(article.boilerplate.contains("The bridge at dawn on Tuesday. Photo: Example Agency"))
        #expect(article.boilerplate.contains("Read also: Ferry service extended for the last month of the works"))
        #expect(article.boilerplate.contains("Advertisement"))
        let everything = (article.paragraphs + [article.title ?? ""]).joined(separator: " ")
        for dropped in [
            "cookies", "Home", "Comments", "Finally!", "newsletter", "Share on", "All rights reserved", "Tunnel plans",
            "covers transport",
        ] {
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
        #expect(
            article.boilerplate == [
                "Leggi anche: Bologna, approvato il piano per le nuove piste ciclabili in periferia"
            ]
        )
        #expect(article.canonicalURL == nil)
    }

    @Test func tagSoupStillGivesTheStoryInOrder() throws {
        let article = try ArticleExtractor().extract(html: try Self.page("tag-soup"))
        #expect(article.title == "Tag soup")
        #expect(article.paragraphs.count >= 2)
        #expect(
            article.paragraphs[0].hasPrefix("First paragraph of the story, written with unclosed bold and italic tags")
        )
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
            #"[{"@type":"WebPage"},{"@type":["ReportageNewsArticle"],"headline":"H","author":"Ann Lee"}]"#
        ]
        #expect(JSONLDArticle.find(in: scripts)?.authors == ["Ann Lee"])
        #expect(
            JSONLDArticle.find(in: [#"{"@type":"Article","author":{"@type":"Person","name":"Bo Li"}}"#])?.authors == [
                "Bo Li"
            ]
        )
        #expect(JSONLDArticle.find(in: [#"{"@type":"Recipe","author":"Nobody"}"#]) == nil)
    }

    @Test func htmlIsToldFromPlainText() throws {
        #expect(ArticleExtractor.looksLikeHTML(try Self.page("tag-soup")))
        #expect(!ArticleExtractor.looksLikeHTML(Array("Title\n\n2 Minutes of Reading\n\nA paragraph < 3 words.".utf8)))
    }

    @Test("a document is read as a page or as text in its charset, and bytes that are no text are named")
    func documentsOfEitherKind() throws {
        let extractor = ArticleExtractor()
        let page = try Self.page("news-with-boilerplate")
        #expect(try extractor.extract(document: page) == extractor.extract(html: page))

        let body = "Trams will run every half hour from midnight to five, the transport department said on Monday."
        let text = "Night trams return\n\n\(body)\n"
        let withBOM = try extractor.extract(document: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(withBOM.title == "Night trams return")
        #expect(withBOM.paragraphs == [body])

        let cyrillic =
            "Київ відкриває нічні трамваї\n\nТрамваї курсуватимуть щопівгодини від опівночі до п'ятої ранку.\n"
        let windows1251 = Array(try #require(cyrillic.data(using: .windowsCP1251)))
        let decoded = try extractor.extract(document: windows1251, charset: "windows-1251")
        #expect(decoded.title == "Київ відкриває нічні трамваї")

        let gzip = try fixtureBytes("rss20.xml", "gz", subdirectory: "Fixtures/binary")
        #expect(
            throws: ArticleExtractionError(
                description: "not an article: found gzip-compressed data (decompress it first)"
            )
        ) {
            try extractor.extract(document: gzip)
        }
        // A stray NUL does not make a page binary (nor end it); in text it does.
        var withNUL = page
        withNUL.insert(0, at: withNUL.firstIndex(of: UInt8(ascii: ">"))! + 1)
        #expect(try extractor.extract(document: withNUL).title == extractor.extract(html: page).title)
        #expect(
            throws: ArticleExtractionError(description: "not an article: found binary data (a NUL byte at offset 5)")
        ) {
            try extractor.extract(document: Array("Title".utf8) + [0] + Array("\n\nProse.".utf8))
        }
        #expect(throws: ArticleExtractionError.noTextArticle) {
            try extractor.extract(document: Array("Only a title\n".utf8))
        }
    }
}

@Suite("HTML article metadata")
struct PageMetadataTests {
    @Test func jsonLDInAMetaElementIsRead() throws {
        let bytes = try fixtureBytes("meta-ld-json", "html", subdirectory: "Fixtures/dates")
        let metadata = PageMetadata(page: try PageTree.parse(utf8: bytes))
        #expect(metadata.published == "2025-11-17T09:00:00-05:00")
        #expect(metadata.updated == "2025-11-18T10:00:00-05:00")
        let article = try ArticleExtractor().extract(html: bytes)
        #expect(article.published?.instant == ISO8601DateFormatter().date(from: "2025-11-17T14:00:00Z"))
        #expect(article.published?.statedOffset == -18_000)
    }

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
        #expect(
            article.paragraphs == ["This month the code generator learned to compile more of the standard library."]
        )
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
        #expect(
            article.paragraphs == [
                "The first paragraph of the story is long enough, with commas, to score as prose.",
                "The second paragraph is also long enough to count, and it ends the story here.",
            ]
        )
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
        let html =
            "<html><body><div class=\"content\">" + story + String(repeating: "<div>", count: 50_000)
            + "<p>Buried far below the depth limit, this text is never reached by the walk.</p></body></html>"
        let article = try ArticleExtractor().extract(html: Array(html.utf8))
        #expect(
            article.paragraphs.first == "A story near the top, long enough to be prose, with a comma and a full stop."
        )
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

/// Whole pages, one per kind the development set lacks, each written for these tests: the title, the date,
/// the body's paragraphs in order, and the boilerplate around and inside the body left out.
@Suite("HTML article fixtures")
struct ArticleFixtureTests {
    static func extract(_ name: String, zone: String = "UTC", url: String? = nil) throws -> Article {
        let timeZone = try #require(TimeZone(identifier: zone))
        return try ArticleExtractor(timeZone: timeZone)
            .extract(html: try ArticleExtractorTests.page(name), url: url.flatMap(URL.init(string:)))
    }

    static func utc(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    /// Nothing of `dropped` appears in the title or the body.
    static func expectLeftOut(
        _ dropped: [String],
        from article: Article,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let kept = ([article.title ?? ""] + article.paragraphs).joined(separator: "\n")
        for text in dropped {
            #expect(!kept.contains(text), "\(text) leaked into the article", sourceLocation: sourceLocation)
        }
    }

    @Test func anItalianNewsPage() throws {
        let article = try Self.extract("italian-news")
        #expect(article.title == "Ferrovie, la linea Parma-La Spezia riapre dopo la frana")
        #expect(article.published?.instant == Self.utc("2024-03-12T08:15:00Z"))
        #expect(article.published?.statedOffset == 3_600)
        #expect(article.updated?.instant == Self.utc("2024-03-12T10:40:00Z"))
        #expect(article.authors == ["Giulia Ferrari"])
        #expect(article.language == "it")
        #expect(article.readingTimeMinutes == 3)
        #expect(article.readingTimeSource == .stated)
        #expect(
            article.paragraphs == [
                "Dopo quattro mesi di chiusura, da lunedì i treni tornano a percorrere la linea Pontremolese tra Parma e La Spezia, interrotta a novembre da una frana che aveva invaso i binari all'altezza di Borgo Val di Taro.",
                "I lavori, costati circa otto milioni di euro, hanno consolidato il versante con una paratia di pali e un nuovo sistema di drenaggio, che secondo i tecnici dovrebbe evitare nuovi smottamenti anche in caso di piogge intense.",
                "Gli orari",
                "Nei primi giorni la circolazione sarà a binario unico, con rallentamenti di una decina di minuti; l'orario completo, con tutti i collegamenti diretti verso Milano, tornerà in vigore dal primo aprile.",
                "I pendolari, che per mesi hanno viaggiato su autobus sostitutivi, hanno accolto la notizia con sollievo, ma chiedono che il raddoppio della linea, promesso da vent'anni, non resti ancora una volta sulla carta.",
            ]
        )
        #expect(
            article.boilerplate.contains(
                "Leggi anche: Autostrada A15, cantieri notturni fino a fine aprile tra Berceto e Pontremoli"
            )
        )
        Self.expectLeftOut(
            [
                "cookie", "Cronaca", "Condividi", "Foto: Archivio", "Pubblicità", "Giulia Ferrari segue", "Finalmente",
                "Sciopero", "diritti riservati",
            ],
            from: article
        )
    }

    @Test(arguments: ["UTC", "Europe/Moscow"])
    func aRussianNewsPageWithOnlyAVisibleDate(zone: String) throws {
        let article = try Self.extract("russian-news", zone: zone)
        #expect(article.title == "В Казани открыли новую линию метро")
        #expect(article.siteName == "Вести Примера")
        #expect(article.published?.instant == Self.utc("2024-03-16T10:05:00" + (zone == "UTC" ? "Z" : "+03:00")))
        #expect(article.published?.zoneAssumed == true)
        #expect(article.language == "ru")
        #expect(article.paragraphs.count == 4)
        #expect(article.paragraphs.first?.hasPrefix("В субботу утром в Казани открылась") == true)
        #expect(article.paragraphs[1].hasPrefix("Строительство участка"))
        #expect(article.paragraphs[2].hasPrefix("Поезда будут ходить"))
        #expect(article.paragraphs.last?.hasPrefix("Следующие две станции") == true)
        #expect(article.boilerplate.contains("Читайте также: Трамвайное кольцо закроют на ремонт до конца лета"))
        Self.expectLeftOut(["Главная", "Реклама", "ВКонтакте", "Самое читаемое", "Погода", "Все права"], from: article)
    }

    @Test func aUkrainianNewsPageWithADateLineInTheHeader() throws {
        let article = try Self.extract("ukrainian-news", zone: "Europe/Kyiv")
        #expect(article.title == "У Львові відкрили оновлену бібліотеку для дітей")
        // 16:48 in Kyiv, summer time (UTC+3).
        #expect(article.published?.instant == Self.utc("2022-04-05T13:48:00Z"))
        #expect(article.language == "uk")
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs[0].hasPrefix("У п'ятницю у Львові"))
        #expect(article.paragraphs[1].hasPrefix("Ремонт коштував"))
        #expect(article.paragraphs[2].hasPrefix("Бібліотека працюватиме щодня"))
        #expect(article.boilerplate.contains("Читайте також: У Львові музеї продовжили години роботи на вихідних"))
        Self.expectLeftOut(["Головна", "Поділитися", "Інші новини", "Прогноз", "Усі права"], from: article)
    }

    @Test func aLiveBlogKeepsEveryUpdateInPageOrder() throws {
        let article = try Self.extract("live-blog")
        #expect(article.title == "Storm Darragh live: rail services suspended as winds reach 90mph")
        #expect(article.published?.instant == Self.utc("2024-12-07T07:02:00Z"))
        #expect(article.updated?.instant == Self.utc("2024-12-07T11:48:00Z"))
        #expect(article.authors == ["Tom Hughes", "Priya Shah"])
        #expect(article.language == "en")
        let headings = ["Trains cancelled across Wales", "Power cuts", "Red warning issued"]
        let positions = headings.map { heading in article.paragraphs.firstIndex(of: heading) }
        #expect(positions.allSatisfy { $0 != nil }, "every update's heading is in the body")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "updates stay newest first")
        #expect(article.paragraphs.contains { $0.hasPrefix("Transport for Wales has suspended all services") })
        #expect(
            article.paragraphs.last?.hasPrefix("Good morning. The Met Office has issued a rare red warning") == true
        )
        Self.expectLeftOut(["Share", "Sign up to Morning Briefing", "All rights reserved", "Weather"], from: article)
    }

    @Test func anAMPPageDropsItsAdsSidebarAndShareButtons() throws {
        let article = try Self.extract("amp-page")
        #expect(article.title == "City council approves new bike lanes on Main Street")
        #expect(article.published?.instant == Self.utc("2023-06-21T22:30:00Z"))
        #expect(article.published?.statedOffset == -14_400)
        #expect(article.authors == ["Dana Whitfield"])
        #expect(article.canonicalURL == "https://gazette.example.com/local/2023/06/21/main-street-bike-lanes")
        #expect(
            article.paragraphs == [
                "The city council voted 7 to 2 on Wednesday night to add protected bike lanes along two miles of Main Street, ending a debate that has divided shop owners and cyclists for more than a year.",
                "The plan removes 140 parking spaces, most of them between Fifth and Ninth avenues, and replaces them with a lane separated from traffic by concrete curbs and planters.",
                "Council member Rosa Alvarez, who proposed the plan, said the street had seen 31 crashes involving cyclists since 2019, and that the city could no longer wait for a perfect compromise.",
                "Construction is scheduled to begin in September and should be finished before the end of the year, weather permitting, at a cost of about $2.4 million.",
            ]
        )
        Self.expectLeftOut(["Advertisement", "Menu", "Sports", "UA-0000", "Copyright"], from: article)
    }

    @Test func aRelatedLinksBlockInsideTheBodyIsDroppedWithItsHeading() throws {
        let article = try Self.extract("related-links-mid-article")
        #expect(article.title == "The quiet comeback of the public library")
        #expect(article.published?.instant == Self.utc("2023-10-03T00:00:00Z"))
        #expect(article.authors == ["Marcus Bell"])
        #expect(article.paragraphs.count == 4)
        #expect(article.paragraphs[0].hasPrefix("On a wet Tuesday afternoon"))
        #expect(article.paragraphs[1].hasPrefix("Across the country, visits to public libraries fell"))
        #expect(article.paragraphs[2].hasPrefix("Librarians say the reasons are practical"))
        #expect(article.paragraphs[3].hasPrefix("The question now is money"))
        #expect(article.boilerplate.contains("Related coverage"))
        #expect(article.boilerplate.contains { $0.contains("Independent bookshops report their best summer in years") })
        Self.expectLeftOut(
            ["Related coverage", "bookshops", "third places", "Share on", "writes about cities", "Example Media"],
            from: article
        )
    }
}
