import Foundation
import Testing

@testable import FeedCore

// Every instant below was computed independently of the parser (Python's datetime) from the fixture text.

private func stated(_ seconds: TimeInterval) -> FeedDate {
    FeedDate(instant: Date(timeIntervalSince1970: seconds), zoneAssumed: false)
}

private func assumed(_ seconds: TimeInterval) -> FeedDate {
    FeedDate(instant: Date(timeIntervalSince1970: seconds), zoneAssumed: true)
}

private func parseFixture(_ name: String, _ ext: String, context: ParseContext = ParseContext()) throws -> Feed {
    try FeedParser().parse(fixtureBytes(name, ext), context: context)
}

private func parse(_ document: String, context: ParseContext = ParseContext()) throws -> Feed {
    try FeedParser().parse(Array(document.utf8), context: context)
}

/// The error a document that must not parse as a feed throws; nil (and a recorded issue) when it parsed.
private func parseFailure(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> FeedParseError? {
    do {
        let feed = try FeedParser().parse(bytes)
        Issue.record("read as \(feed.format.rawValue) with \(feed.items.count) item(s)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Content HTML exists and has nothing active left in it.
private func expectSanitised(_ html: String?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let html else {
        Issue.record("no content HTML", sourceLocation: sourceLocation)
        return
    }
    let lower = html.lowercased()
    for forbidden in ["<script", "onclick", "javascript:", "<iframe"] {
        #expect(
            !lower.contains(forbidden),
            "content HTML still has \(forbidden): \(html)",
            sourceLocation: sourceLocation
        )
    }
}

private let rome = TimeZone(identifier: "Europe/Rome")

struct FeedParserTests {
    // MARK: RSS 0.90

    @Test func rss090ReadsTheRDFChannelAndTheItemsBesideIt() throws {
        let feed = try parseFixture("rss090", "rdf")

        #expect(feed.format == .rss090)
        #expect(feed.title == "Tech Wire")  // not the <image> or <textinput> title
        #expect(feed.link == "http://www.techwire.example.com/")
        #expect(feed.description == "News for nerds, stuff that matters")
        #expect(feed.language == nil)
        #expect(feed.updated == nil)
        #expect(feed.hints.isEmpty)
        #expect(feed.wellFormed)
        try #require(feed.items.count == 2)

        let kernel = feed.items[0]
        #expect(kernel.guid == nil)
        #expect(kernel.identity == "link:https://www.techwire.example.com/articles/99/01/26/linux-22.shtml")
        #expect(kernel.link == "http://www.techwire.example.com/articles/99/01/26/linux-22.shtml")
        #expect(kernel.title == "Linux 2.2 kernel released")
        #expect(kernel.authors.isEmpty)
        #expect(kernel.published == nil)
        #expect(kernel.updated == nil)
        #expect(kernel.summary == nil)
        #expect(kernel.contentHTML == nil)
        #expect(kernel.contentText == nil)
        #expect(kernel.categories.isEmpty)
        #expect(kernel.enclosures.isEmpty)

        let mozilla = feed.items[1]
        #expect(mozilla.title == "Netscape opens up the Mozilla source")
        // The link is kept as written; the identity is the normalised link (https, lower-case host, no
        // default port, no utm_* parameter, no fragment).
        #expect(
            mozilla.link
                == "http://WWW.TechWire.example.com:80/articles/99/01/25/mozilla.shtml?utm_source=rss&id=4471#comments"
        )
        #expect(mozilla.identity == "link:https://www.techwire.example.com/articles/99/01/25/mozilla.shtml?id=4471")
    }

    // MARK: RSS 0.91

    @Test func rss091ReadsTheNetscapeFeedWithHTMLEntitiesAndNoDTD() throws {
        let feed = try parseFixture("rss091", "xml")

        #expect(feed.format == .rss091)
        #expect(feed.title == "La Gazzetta del Caff\u{E8}")  // not the <image> title
        #expect(feed.link == "http://www.gazzettadelcaffe.example.it/")
        #expect(feed.description == "Notizie da Milano \u{2014} cronaca, cultura e sport")
        #expect(feed.language == "it")
        // lastBuildDate (Mon, 12 Mar 2001 09:45:00 +0100) wins over pubDate.
        #expect(feed.updated == stated(984_386_700))
        #expect(feed.hints.ttlMinutes == nil)
        #expect(feed.hints.skipHours == [2, 3])
        #expect(feed.hints.skipDays == ["Sunday"])
        #expect(feed.hints.updatePeriod == nil)
        #expect(feed.hints.updateFrequency == nil)
        #expect(feed.wellFormed)
        try #require(feed.items.count == 2)

        let tram = feed.items[0]
        #expect(tram.guid == nil)
        #expect(tram.identity == "link:https://www.gazzettadelcaffe.example.it/cronaca/2001/03/12/tram.html")
        #expect(tram.link == "http://www.gazzettadelcaffe.example.it/cronaca/2001/03/12/tram.html")
        // &nbsp; is U+00A0, which plain-text fields fold to one space like any other white space.
        #expect(tram.title == "Milano, il tram numero 1 compie cent\u{2019}anni")
        #expect(
            tram.summary
                == "Festa in piazza Duomo per il tram pi\u{F9} amato dalla citt\u{E0} \u{2014} le vetture storiche tornano in servizio per un giorno."
        )
        #expect(tram.authors.isEmpty)
        #expect(tram.published == nil)
        #expect(tram.updated == nil)
        #expect(tram.contentHTML == nil)
        #expect(tram.contentText == nil)
        #expect(tram.categories.isEmpty)
        #expect(tram.enclosures.isEmpty)

        let scala = feed.items[1]
        #expect(scala.title == "Teatro alla Scala: \u{AB}Aida\u{BB} apre la stagione")
        #expect(scala.summary == "Biglietti esauriti in 20 minuti. Il sovrintendente: \u{201C}un successo\u{201D}.")
        #expect(scala.identity == "link:https://www.gazzettadelcaffe.example.it/cultura/2001/03/12/scala.html")
    }

    @Test func htmlEntitiesWithoutADTDBecomeCharactersNotWarningsOrLiterals() throws {
        let feed = try parseFixture("rss091", "xml")
        let everything = [feed.title, feed.description] + feed.items.flatMap { [$0.title, $0.summary] }
        for text in everything.compactMap({ $0 }) {
            #expect(!text.contains("&"), "an entity was left as text: \(text)")
        }
        #expect(!feed.warnings.contains { $0.message.contains("entity") }, "\(feed.warnings)")
    }

    @Test func htmlEntitiesWithoutADTDReachContentHTMLAsTheCharactersTheyName() throws {
        // Escaped HTML in an un-DTD'd document: the XML layer must turn &nbsp; &mdash; &egrave; into
        // U+00A0, U+2014 and U+00E8 before the HTML is read, and HTML keeps the no-break space.
        let feed = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
              "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel>
                <title>Caff&egrave;</title>
                <link>http://www.example.it/</link>
                <item>
                  <title>Coda di 20&nbsp;km</title>
                  <link>http://www.example.it/coda.html</link>
                  <content:encoded>&lt;p&gt;Coda di 20&nbsp;km &mdash; caff&egrave; gratis&lt;/p&gt;</content:encoded>
                </item>
              </channel>
            </rss>
            """
        )
        let item = try #require(feed.items.first)
        #expect(item.contentHTML == "<p>Coda di 20\u{A0}km \u{2014} caff\u{E8} gratis</p>")
        #expect(item.contentText == "Coda di 20 km \u{2014} caff\u{E8} gratis")
        #expect(item.title == "Coda di 20 km")
    }

    // MARK: RSS 0.92

    @Test func rss092ReadsEnclosuresCategoriesAndItemsWithoutTitles() throws {
        let feed = try parseFixture("rss092", "xml")

        #expect(feed.format == .rss092)
        #expect(feed.title == "Radio Lago Notizie")
        #expect(feed.link == "http://www.radiolago.example.it/")
        #expect(feed.description == "Il giornale radio di Radio Lago, in podcast")
        #expect(feed.language == "it-it")
        #expect(feed.updated == stated(1_074_150_300))
        #expect(feed.hints.isEmpty)
        try #require(feed.items.count == 2)

        let bulletin = feed.items[0]
        #expect(bulletin.guid == nil)
        #expect(bulletin.identity == "link:https://www.radiolago.example.it/gr/2004/01/15/gr0800.html")
        #expect(bulletin.link == "http://www.radiolago.example.it/gr/2004/01/15/gr0800.html")
        #expect(bulletin.title == "Giornale radio delle 8")
        #expect(bulletin.authors.isEmpty)
        #expect(bulletin.published == nil)
        #expect(bulletin.updated == nil)
        #expect(bulletin.summary == "Statale 36 chiusa per neve tra Lecco e Colico; scuole chiuse in alta valle.")
        #expect(bulletin.contentHTML == nil)
        #expect(bulletin.contentText == nil)
        #expect(bulletin.categories == ["Giornale radio"])
        #expect(
            bulletin.enclosures == [
                Enclosure(
                    url: "http://www.radiolago.example.it/audio/2004/01/15/gr0800.mp3",
                    mimeType: "audio/mpeg",
                    length: 2_874_368,
                    kind: .enclosure
                )
            ]
        )

        let interview = feed.items[1]
        #expect(interview.title == nil)
        #expect(interview.identity == "link:https://www.radiolago.example.it/interviste/2004/01/14/sindaco.html")
        #expect(interview.link == "http://www.radiolago.example.it/interviste/2004/01/14/sindaco.html")
        // Entity-encoded HTML in the description comes out as plain text.
        #expect(interview.summary == "Intervista al sindaco sul nuovo porto turistico.")
        #expect(interview.categories == ["Interviste", "Politica"])
        // A relative enclosure URL resolves against the channel link.
        #expect(
            interview.enclosures == [
                Enclosure(
                    url: "http://www.radiolago.example.it/audio/2004/01/14/sindaco.mp3",
                    mimeType: "audio/mpeg",
                    length: 7_340_032,
                    kind: .enclosure
                )
            ]
        )
    }

    // MARK: RSS 1.0

    @Test func rss10ReadsDublinCoreContentAndSyndicationModules() throws {
        let feed = try parseFixture("rss10", "rdf")

        #expect(feed.format == .rss10)
        #expect(feed.title == "Scienza Oggi")
        #expect(feed.link == "https://scienza.example.org/")
        #expect(feed.description == "Astronomia, clima e ricerca, ogni giorno")
        #expect(feed.language == "it")
        #expect(feed.updated == stated(1_749_888_000))
        #expect(feed.hints.ttlMinutes == nil)
        #expect(feed.hints.skipHours.isEmpty)
        #expect(feed.hints.skipDays.isEmpty)
        #expect(feed.hints.updatePeriod == "hourly")
        #expect(feed.hints.updateFrequency == 2)
        try #require(feed.items.count == 2)

        let comet = feed.items[0]
        #expect(comet.guid == nil)
        #expect(comet.identity == "link:https://scienza.example.org/astronomia/2025/06/14/cometa")
        #expect(comet.link == "https://scienza.example.org/astronomia/2025/06/14/cometa")
        #expect(comet.title == "Una cometa visibile a occhio nudo questa settimana")
        #expect(comet.authors == ["Giulia Rossi"])
        // dc:date without a zone, read in the default context's UTC.
        #expect(comet.published == assumed(1_749_892_500))
        #expect(comet.updated == nil)
        #expect(comet.summary == "Dopo il tramonto, guardando verso nord-ovest.")
        #expect(
            comet.contentText
                == "La cometa sar\u{E0} visibile dopo il tramonto, bassa sull'orizzonte.\n\nEcco la mappa del cielo."
        )
        expectSanitised(comet.contentHTML)
        let html = try #require(comet.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"https://scienza.example.org/astronomia/cometa-mappa\""))
        #expect(comet.categories == ["Astronomia"])
        #expect(comet.enclosures.isEmpty)

        let glaciers = feed.items[1]
        #expect(glaciers.identity == "link:https://scienza.example.org/clima/2025/06/13/ghiacciai")
        #expect(glaciers.title == "I ghiacciai alpini hanno perso il 5% del volume")
        #expect(glaciers.authors == ["Marco Bianchi"])
        #expect(glaciers.published == stated(1_749_829_200))
        #expect(glaciers.updated == nil)
        #expect(glaciers.summary == "Il rapporto annuale del comitato glaciologico.")
        #expect(glaciers.contentHTML == nil)
        #expect(glaciers.contentText == nil)
        #expect(glaciers.categories == ["Clima", "Alpi"])
    }

    @Test func aDateWithoutAZoneIsReadInTheContextTimeZoneAndMarkedAssumed() throws {
        let feed = try parseFixture("rss10", "rdf", context: ParseContext(timeZone: try #require(rome)))
        try #require(feed.items.count == 2)
        // 2025-06-14T09:15:00 in Rome is CEST (+02:00): 07:15Z.
        #expect(feed.items[0].published == assumed(1_749_885_300))
        // Dates that state their zone do not move.
        #expect(feed.items[1].published == stated(1_749_829_200))
        #expect(feed.updated == stated(1_749_888_000))
    }

    // MARK: RSS 2.0

    @Test func rss20ReadsTheChannelAndItsPublishingHints() throws {
        let feed = try parseFixture("rss20", "xml")

        #expect(feed.format == .rss20)
        #expect(feed.title == "The Harbour Gazette \u{2014} World")
        // The RSS <link>, not the atom:link rel="self".
        #expect(feed.link == "https://www.harbourgazette.example/world/")
        #expect(feed.description == "Reporting from around the world & at home")
        #expect(feed.language == "en-gb")
        #expect(feed.updated == stated(1_741_686_067))
        #expect(feed.hints.ttlMinutes == 15)
        #expect(feed.hints.skipHours == [1, 2, 3])
        #expect(feed.hints.skipDays == ["Saturday", "Sunday"])
        #expect(feed.hints.updatePeriod == nil)
        #expect(feed.hints.updateFrequency == nil)
        #expect(feed.wellFormed)
        #expect(feed.items.count == 3)
    }

    @Test func rss20NewsItemIsSanitisedAndItsRelativeLinksResolveAgainstTheChannelLink() throws {
        let feed = try parseFixture("rss20", "xml")
        let storm = try #require(feed.items.first)

        #expect(storm.guid == "hg-world-20250311-0412")
        #expect(storm.identity == "guid:hg-world-20250311-0412")
        #expect(storm.link == "https://www.harbourgazette.example/world/2025/03/11/storm-ilse-ports-close")
        #expect(storm.title == "Ports close as Storm Ilse nears the north coast")
        #expect(storm.authors == ["Amira Haddad", "Tom Whitlock"])
        #expect(storm.published == stated(1_741_680_720))
        #expect(storm.updated == nil)
        #expect(storm.summary == "Harbours along the north coast were shut on Tuesday as Storm Ilse approached.")
        #expect(
            storm.contentText == """
                Harbours along the north coast were shut on Tuesday morning as Storm Ilse approached, the coastguard said.

                Ferries to the islands were cancelled. Follow our live coverage.

                Share this story

                Wind gusts of 110 km/h are expected tonight.
                """
        )
        expectSanitised(storm.contentHTML)
        let html = try #require(storm.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"https://www.harbourgazette.example/world/live/storm-ilse\""))
        #expect(!html.contains("trackView"))
        #expect(!html.contains("video.example.net"))
        #expect(storm.categories == ["World", "Weather"])
        #expect(
            storm.enclosures == [
                Enclosure(
                    url: "https://cdn.harbourgazette.example/img/2025/03/storm-ilse-1200.jpg",
                    mimeType: "image/jpeg",
                    length: 245_760,
                    kind: .mediaContent
                ),
                Enclosure(url: "https://cdn.harbourgazette.example/img/2025/03/storm-ilse-150.jpg", kind: .thumbnail),
            ]
        )
    }

    @Test func rss20ItemDescriptionIsTheSummaryEvenWhenAMediaDescriptionComesFirst() throws {
        let feed = try parseFixture("rss20", "xml")
        try #require(feed.items.count == 3)
        let budget = feed.items[1]

        #expect(budget.guid == "tag:harbourgazette.example,2025:world/88213")
        #expect(budget.identity == "guid:tag:harbourgazette.example,2025:world/88213")
        // Path-relative: resolved against the channel link's directory.
        #expect(budget.link == "https://www.harbourgazette.example/world/2025/03/11/emergency-budget-vote")
        #expect(budget.title == "Parliament passes emergency budget by 12 votes")
        #expect(budget.authors == ["Priya Natarajan"])
        // 02:45 EST (-05:00) is 07:45Z.
        #expect(budget.published == stated(1_741_679_100))
        #expect(budget.updated == nil)
        // The item's own <description> is its summary; the media:group (and its media:description) comes
        // first in the document, which must not matter.
        #expect(budget.summary == "The vote ended a week of late-night sittings.")
        #expect(budget.contentText == "The vote ended a week of late-night sittings. What is in the budget?")
        expectSanitised(budget.contentHTML)
        #expect(
            budget.contentHTML?.contains("href=\"https://www.harbourgazette.example/politics/budget-explained\"")
                == true
        )
        #expect(budget.categories == ["Politics"])
    }

    @Test func rss20MediaGroupDescriptionDescribesTheGroupsMediaContent() throws {
        let feed = try parseFixture("rss20", "xml")
        try #require(feed.items.count == 3)
        let budget = feed.items[1]

        try #require(budget.enclosures.count == 3)
        // Enclosure.description is documented as media:description or media:title; in a media:group it
        // applies to every media:content of the group.
        let groupDescription = "Video: the moment the speaker read out the result"
        #expect(
            budget.enclosures[0]
                == Enclosure(
                    url: "https://cdn.harbourgazette.example/video/2025/03/budget-vote.mp4",
                    mimeType: "video/mp4",
                    length: 52_428_800,
                    kind: .mediaContent,
                    description: groupDescription
                )
        )
        #expect(
            budget.enclosures[1]
                == Enclosure(
                    url: "https://cdn.harbourgazette.example/video/2025/03/budget-vote.webm",
                    mimeType: "video/webm",
                    length: 41_943_040,
                    kind: .mediaContent,
                    description: groupDescription
                )
        )
        // A relative thumbnail URL resolves against the channel link.
        #expect(budget.enclosures[2].url == "https://www.harbourgazette.example/img/2025/03/budget-vote-150.jpg")
        #expect(budget.enclosures[2].kind == .thumbnail)
        #expect(budget.enclosures[2].mimeType == nil)
        #expect(budget.enclosures[2].length == nil)
    }

    @Test func rss20PodcastItemTakesItsLinkFromAPermalinkGuid() throws {
        let feed = try parseFixture("rss20", "xml")
        try #require(feed.items.count == 3)
        let briefing = feed.items[2]

        #expect(briefing.guid == "https://www.harbourgazette.example/podcasts/briefing/2025-03-11")
        #expect(briefing.identity == "guid:https://www.harbourgazette.example/podcasts/briefing/2025-03-11")
        #expect(briefing.link == "https://www.harbourgazette.example/podcasts/briefing/2025-03-11")
        #expect(briefing.title == "Morning Briefing: Tuesday 11 March")
        // dc:creator and itunes:author name the same person once.
        #expect(briefing.authors == ["Harbour Gazette Audio"])
        #expect(briefing.published == stated(1_741_674_600))
        #expect(briefing.summary == "Storm Ilse, the budget vote and the rest of the day's news in twelve minutes.")
        #expect(briefing.contentHTML == nil)
        #expect(briefing.contentText == nil)
        #expect(briefing.categories == ["Podcasts"])
        #expect(
            briefing.enclosures == [
                Enclosure(
                    url: "https://audio.harbourgazette.example/podcast/2025-03-11-briefing.mp3",
                    mimeType: "audio/mpeg",
                    length: 18_734_592,
                    kind: .enclosure
                )
            ]
        )
    }

    @Test func rss20GuidThatIsNotAPermalinkIsNeverUsedAsTheLink() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>T</title>
            <item><title>A</title><guid isPermaLink="false">https://www.example.com/?p=1</guid></item>
            </channel></rss>
            """
        )
        let item = try #require(feed.items.first)
        #expect(item.link == nil)
        #expect(item.identity == "guid:https://www.example.com/?p=1")
    }

    // MARK: Atom 0.3

    @Test func atom03ReadsTaglineIssuedModifiedAndInheritsTheFeedAuthor() throws {
        let feed = try parseFixture("atom03", "xml")

        #expect(feed.format == .atom03)
        #expect(feed.title == "Lakeside Chronicle")
        #expect(feed.link == "http://lakeside.example.com/")
        #expect(feed.description == "Local news from the lake towns")
        #expect(feed.language == "en")
        #expect(feed.updated == stated(1_100_770_200))
        #expect(feed.hints.isEmpty)
        try #require(feed.items.count == 2)

        let ferry = feed.items[0]
        #expect(ferry.guid == "tag:lakeside.example.com,2004:ferry-winter")
        #expect(ferry.identity == "guid:tag:lakeside.example.com,2004:ferry-winter")
        #expect(ferry.link == "http://lakeside.example.com/2004/11/18/ferry-winter.html")
        #expect(ferry.title == "Ferry timetable changes for the winter")
        #expect(ferry.authors == ["Lakeside Newsroom"])
        #expect(ferry.published == stated(1_100_782_800))
        #expect(ferry.updated == stated(1_100_787_300))
        #expect(ferry.summary == "From 1 December the last ferry leaves at 19:40.")
        #expect(
            ferry.contentText
                == "From 1 December the last ferry from Northport leaves at 19:40.\n\nSee the full timetable."
        )
        expectSanitised(ferry.contentHTML)
        let html = try #require(ferry.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"http://lakeside.example.com/ferry/\""))
        #expect(ferry.categories.isEmpty)
        #expect(ferry.enclosures.isEmpty)

        let library = feed.items[1]
        #expect(library.guid == "tag:lakeside.example.com,2004:library-reopens")
        #expect(library.identity == "guid:tag:lakeside.example.com,2004:library-reopens")
        #expect(library.link == "http://lakeside.example.com/2004/11/17/library.html")
        #expect(library.title == "Library reopens after the flood")
        #expect(library.authors == ["Jo Marsh"])
        #expect(library.published == stated(1_100_704_800))
        #expect(library.updated == stated(1_100_714_700))
        #expect(library.summary == "The children's room is still closed.")
        #expect(library.contentHTML == nil)
        #expect(library.contentText == nil)
    }

    // MARK: Atom 1.0

    @Test func atom10ReadsTheFeedWithXMLBaseAndAnHTMLSubtitle() throws {
        let feed = try parseFixture("atom10", "xml")

        #expect(feed.format == .atom10)
        #expect(feed.title == "Northwind Courier: Technology")
        // rel="alternate", not rel="self", resolved against the feed's xml:base.
        #expect(feed.link == "https://news.northwind.example/tech/")
        #expect(feed.description == "Technology news & analysis from Northwind")
        #expect(feed.language == "en-US")
        #expect(feed.updated == stated(1_743_610_800))
        #expect(feed.hints.isEmpty)
        #expect(feed.items.count == 2)
    }

    @Test func atom10EntryResolvesAgainstItsOwnXMLBaseAndUnwrapsXHTMLContent() throws {
        let feed = try parseFixture("atom10", "xml")
        let fab = try #require(feed.items.first)

        #expect(fab.guid == "tag:news.northwind.example,2025:tech/4411")
        #expect(fab.identity == "guid:tag:news.northwind.example,2025:tech/4411")
        #expect(fab.link == "https://news.northwind.example/tech/2025/04/chipmaker-dresden-fab")
        #expect(fab.title == "Chipmaker opens new fab near Dresden")
        #expect(fab.authors == ["Northwind Tech Desk"])  // inherited from the feed
        #expect(fab.published == stated(1_743_577_200))
        #expect(fab.updated == stated(1_743_586_200))
        #expect(fab.summary == "A new plant near Dresden will employ 2,000 people.")
        #expect(
            fab.contentText == """
                The company said on Wednesday that the plant would make chips for cars and phones.

                Read the full statement.
                """
        )
        expectSanitised(fab.contentHTML)
        let html = try #require(fab.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"https://news.northwind.example/tech/2025/04/statement.html\""))
        // RFC 4287 §4.1.3.3: the xhtml wrapper div is not part of the content.
        #expect(!html.hasPrefix("<div"), "\(html)")
        // label when there is one, else term.
        #expect(fab.categories == ["Semiconductors", "europe"])
        #expect(
            fab.enclosures == [
                Enclosure(
                    url: "https://news.northwind.example/tech/2025/04/images/dresden-fab.jpg",
                    mimeType: "image/jpeg",
                    length: 183_204,
                    kind: .enclosure
                )
            ]
        )
    }

    @Test func atom10TextContentBecomesEscapedParagraphsAndHTMLTitleBecomesText() throws {
        let feed = try parseFixture("atom10", "xml")
        try #require(feed.items.count == 2)
        let funding = feed.items[1]

        #expect(funding.guid == "tag:news.northwind.example,2025:tech/4398")
        #expect(funding.identity == "guid:tag:news.northwind.example,2025:tech/4398")
        // A link without rel is the alternate link; relative to the feed's xml:base.
        #expect(funding.link == "https://news.northwind.example/tech/2025/04/qubitly-funding")
        #expect(funding.title == "Start-up Qubitly raises $40m")
        #expect(funding.authors == ["Northwind Tech Desk"])
        #expect(funding.published == stated(1_743_547_500))
        #expect(funding.updated == stated(1_743_548_700))
        #expect(funding.summary == nil)
        #expect(
            funding.contentText
                == "The round was led by two European funds.\n\nQubitly will spend most of it on R&D in Lisbon."
        )
        #expect(
            funding.contentHTML
                == "<p>The round was led by two European funds.</p><p>Qubitly will spend most of it on R&amp;D in Lisbon.</p>"
        )
        #expect(funding.categories == ["Start-ups", "Quantum computing"])
        #expect(funding.enclosures.isEmpty)
    }

    // MARK: JSON Feed

    @Test func jsonFeed10ReadsTheAuthorObjectAndSanitisesContentHTML() throws {
        let feed = try parseFixture("jsonfeed10", "json")

        #expect(feed.format == .jsonFeed10)
        #expect(feed.title == "Valley Tribune")
        #expect(feed.link == "https://valleytribune.example/")
        #expect(feed.description == "News from the valley, since 1889")
        #expect(feed.language == nil)
        #expect(feed.updated == nil)
        #expect(feed.hints.isEmpty)
        try #require(feed.items.count == 2)

        let bridge = feed.items[0]
        #expect(bridge.guid == "2025-05-20-bridge")
        #expect(bridge.identity == "guid:2025-05-20-bridge")
        #expect(bridge.link == "https://valleytribune.example/2025/05/20/old-bridge-reopens")
        #expect(bridge.title == "Old bridge reopens after two-year repair")
        #expect(bridge.authors == ["Dana Ortiz"])
        #expect(bridge.published == stated(1_747_747_800))
        #expect(bridge.updated == stated(1_747_753_320))
        #expect(bridge.summary == "The Mill Street bridge is open again.")
        #expect(
            bridge.contentText
                == "The Mill Street bridge reopened to traffic on Tuesday.\n\nA short history of the bridge"
        )
        expectSanitised(bridge.contentHTML)
        let html = try #require(bridge.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"https://valleytribune.example/2025/05/19/bridge-history\""))
        #expect(bridge.categories == ["Local", "Transport"])
        #expect(bridge.enclosures.isEmpty)

        let council = feed.items[1]
        #expect(council.guid == "2025-05-19-council")
        #expect(council.identity == "guid:2025-05-19-council")
        #expect(council.link == "https://valleytribune.example/2025/05/19/council-water-rates")
        #expect(council.title == "Council freezes water rates")
        #expect(council.published == stated(1_747_699_800))
        #expect(council.updated == nil)
        #expect(council.summary == nil)
        #expect(council.contentText == "Water rates will stay the same until 2027.")
        #expect(council.contentHTML == "<p>Water rates will stay the same until 2027.</p>")
        #expect(council.categories.isEmpty)
    }

    @Test func jsonFeed10ItemWithoutAuthorHasTheFeedAuthor() throws {
        // JSON Feed 1.0: "If not specified in an item, then the top-level author, if present, is the author of the item."
        let feed = try parseFixture("jsonfeed10", "json")
        try #require(feed.items.count == 2)
        #expect(feed.items[1].authors == ["Valley Tribune Staff"])
    }

    @Test func jsonFeed11ReadsAuthorsAttachmentsTagsAndLanguage() throws {
        let feed = try parseFixture("jsonfeed11", "json")

        #expect(feed.format == .jsonFeed11)
        #expect(feed.title == "Il Quotidiano del Lago")
        #expect(feed.link == "https://quotidianodellago.example/")
        #expect(feed.description == "Cronaca e cultura dal lago di Como")
        #expect(feed.language == "it-IT")
        #expect(feed.updated == nil)
        #expect(feed.hints.isEmpty)
        try #require(feed.items.count == 2)

        let festival = feed.items[0]
        #expect(festival.guid == "https://quotidianodellago.example/?p=5512")
        #expect(festival.identity == "guid:https://quotidianodellago.example/?p=5512")
        #expect(festival.link == "https://quotidianodellago.example/2025/07/01/festival-del-lago/")
        #expect(festival.title == "Al via il Festival del Lago")
        #expect(festival.authors == ["Chiara Colombo", "Luca Ferri"])
        #expect(festival.published == stated(1_751_385_600))
        #expect(festival.updated == nil)
        #expect(festival.summary == "Dieci giorni di concerti sulle rive del lago.")
        #expect(festival.contentText == "Dieci giorni di concerti sulle rive del lago.\n\nIl programma completo.")
        expectSanitised(festival.contentHTML)
        let html = try #require(festival.contentHTML)
        #expect(html.contains("<p>"))
        #expect(html.contains("href=\"https://quotidianodellago.example/festival/programma/\""))
        #expect(festival.categories == ["Cultura", "Eventi"])
        #expect(festival.language == "it")
        #expect(
            festival.enclosures == [
                Enclosure(
                    url: "https://quotidianodellago.example/audio/intervista-direttore.mp3",
                    mimeType: "audio/mpeg",
                    length: 9_437_184,
                    kind: .enclosure,
                    description: "Intervista al direttore artistico"
                ),
                Enclosure(url: "https://quotidianodellago.example/img/festival.jpg", kind: .thumbnail),
            ]
        )

        let ferries = feed.items[1]
        #expect(ferries.guid == "5513")
        #expect(ferries.identity == "guid:5513")
        // A relative url resolves against home_page_url.
        #expect(ferries.link == "https://quotidianodellago.example/2025/07/02/traghetti-orari-estivi/")
        #expect(ferries.title == "Traghetti, da domani gli orari estivi")
        #expect(ferries.published == stated(1_751_440_500))
        #expect(ferries.updated == stated(1_751_439_600))
        #expect(ferries.summary == nil)
        #expect(
            ferries.contentText
                == "Corse ogni mezz'ora tra Bellagio e Varenna.\n\nLe biglietterie restano aperte fino alle 22."
        )
        #expect(
            ferries.contentHTML
                == "<p>Corse ogni mezz'ora tra Bellagio e Varenna.</p><p>Le biglietterie restano aperte fino alle 22.</p>"
        )
        #expect(ferries.categories == ["Trasporti"])
        #expect(ferries.language == nil)
        #expect(ferries.enclosures.isEmpty)
    }

    @Test func jsonFeed11ItemWithoutAuthorsHasTheFeedAuthors() throws {
        // JSON Feed 1.1: "If not specified in an item, then the top-level authors, if present, are the authors of the item."
        let feed = try parseFixture("jsonfeed11", "json")
        try #require(feed.items.count == 2)
        #expect(feed.items[1].authors == ["Redazione"])
    }

    // MARK: relative link resolution order

    private static func relativeLinkFeed(channelLink: String?, itemBase: String?) -> String {
        let link = channelLink.map { "<link>\($0)</link>" } ?? ""
        let base = itemBase.map { " xml:base=\"\($0)\"" } ?? ""
        return """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>Example</title>\(link)
            <item\(base)><title>A</title><link>stories/a.html</link>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;a href="c.html"&gt;C&lt;/a&gt;</content:encoded>
            </item></channel></rss>
            """
    }

    private static let fetchedFrom = URL(string: "https://feeds.example.org/rss/world.xml")

    @Test func relativeLinksResolveAgainstXMLBaseBeforeTheChannelLinkAndTheFetchedURL() throws {
        let feed = try parse(
            Self.relativeLinkFeed(
                channelLink: "https://www.example.com/news/",
                itemBase: "https://cdn.example.net/2025/"
            ),
            context: ParseContext(url: Self.fetchedFrom)
        )
        let item = try #require(feed.items.first)
        #expect(item.link == "https://cdn.example.net/2025/stories/a.html")
        #expect(item.contentHTML?.contains("href=\"https://cdn.example.net/2025/c.html\"") == true)
    }

    @Test func relativeLinksResolveAgainstTheChannelLinkBeforeTheFetchedURL() throws {
        let feed = try parse(
            Self.relativeLinkFeed(channelLink: "https://www.example.com/news/", itemBase: nil),
            context: ParseContext(url: Self.fetchedFrom)
        )
        let item = try #require(feed.items.first)
        #expect(feed.link == "https://www.example.com/news/")
        #expect(item.link == "https://www.example.com/news/stories/a.html")
        #expect(item.contentHTML?.contains("href=\"https://www.example.com/news/c.html\"") == true)
    }

    @Test func relativeLinksResolveAgainstTheFetchedURLWhenTheFeedHasNoLink() throws {
        let feed = try parse(
            Self.relativeLinkFeed(channelLink: nil, itemBase: nil),
            context: ParseContext(url: Self.fetchedFrom)
        )
        let item = try #require(feed.items.first)
        #expect(feed.link == nil)
        #expect(item.link == "https://feeds.example.org/rss/stories/a.html")
        #expect(item.identity == "link:https://feeds.example.org/rss/stories/a.html")
        #expect(item.contentHTML?.contains("href=\"https://feeds.example.org/rss/c.html\"") == true)
    }

    @Test func aRelativeChannelLinkResolvesAgainstTheFetchedURLAndThenServesAsTheItemsBase() throws {
        let feed = try parse(
            Self.relativeLinkFeed(channelLink: "/news/", itemBase: nil),
            context: ParseContext(url: Self.fetchedFrom)
        )
        let item = try #require(feed.items.first)
        #expect(feed.link == "https://feeds.example.org/news/")
        #expect(item.link == "https://feeds.example.org/news/stories/a.html")
    }

    @Test func aRelativeXMLBaseWithNothingAboveItResolvesAgainstTheFeedLink() throws {
        // No ParseContext.url: the entry's xml:base="/tech/" is itself relative, so the next base in the
        // chain (the feed's link) must make it absolute; Item.link is documented as absolute.
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Northwind</title>
              <link href="https://news.northwind.example/"/>
              <entry xml:base="/tech/">
                <id>tag:news.northwind.example,2025:1</id>
                <title>A</title>
                <link href="a.html"/>
                <content type="html">&lt;p&gt;&lt;a href="b.html"&gt;b&lt;/a&gt;&lt;/p&gt;</content>
              </entry>
            </feed>
            """
        )
        let item = try #require(feed.items.first)
        #expect(item.link == "https://news.northwind.example/tech/a.html")
        #expect(
            item.contentHTML?.contains("href=\"https://news.northwind.example/tech/b.html\"") == true,
            "\(item.contentHTML ?? "nil")"
        )
    }

    @Test func atomXMLBaseWinsOverTheFetchedURL() throws {
        let feed = try parseFixture(
            "atom10",
            "xml",
            context: ParseContext(url: URL(string: "https://mirror.example.org/feeds/tech.atom"))
        )
        try #require(feed.items.count == 2)
        #expect(feed.link == "https://news.northwind.example/tech/")
        #expect(feed.items[0].link == "https://news.northwind.example/tech/2025/04/chipmaker-dresden-fab")
        #expect(feed.items[1].link == "https://news.northwind.example/tech/2025/04/qubitly-funding")
    }

    // MARK: not feeds

    @Test func anHTMLPageIsNotAFeedAndTheErrorSaysItIsHTML() throws {
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Harbour Gazette \u{2013} World news</title>
            <link rel="alternate" type="application/rss+xml" href="/world/rss.xml">
            </head>
            <body><h1>World</h1><p>Top stories<br>updated hourly</p></body>
            </html>
            """
        let error = try #require(parseFailure(Array(page.utf8)))
        guard case .notAFeed = error else {
            Issue.record("expected notAFeed, got \(error)")
            return
        }
        #expect(error.description.contains("HTML"), "\(error)")
    }

    @Test func anXMLDocumentThatIsNotAFeedIsRefusedNamingItsRootElement() throws {
        let catalog = """
            <?xml version="1.0"?>
            <catalog>
              <book id="bk101">
                <author>Gambardella, Matthew</author>
                <title>XML Developer's Guide</title>
                <price>44.95</price>
              </book>
            </catalog>
            """
        let error = try #require(parseFailure(Array(catalog.utf8)))
        guard case .notAFeed = error else {
            Issue.record("expected notAFeed, got \(error)")
            return
        }
        #expect(error.description.contains("<catalog>"), "\(error)")
    }

    @Test func plainTextIsNotAFeedAndTheErrorQuotesItsStart() throws {
        let text = "Service Unavailable\n\nThe server is temporarily unable to service your request.\n"
        let error = try #require(parseFailure(Array(text.utf8)))
        guard case .notAFeed = error else {
            Issue.record("expected notAFeed, got \(error)")
            return
        }
        #expect(error.description.contains("Service Unavailable"), "\(error)")
    }

    @Test func aGzipCompressedFeedIsNotReadAsTextAndTheErrorSaysToDecompressIt() throws {
        let error = try #require(parseFailure(try fixtureBytes("rss20.xml", "gz", subdirectory: "Fixtures/binary")))
        guard case .notAFeed = error else {
            Issue.record("expected notAFeed, got \(error)")
            return
        }
        #expect(error.description.contains("found gzip-compressed data (decompress it first)"), "\(error)")
    }

    @Test func anEmptyDocumentIsNotAFeedAndTheErrorSaysItIsEmpty() throws {
        let error = try #require(parseFailure([]))
        guard case .notAFeed = error else {
            Issue.record("expected notAFeed, got \(error)")
            return
        }
        #expect(error.description.contains("empty"), "\(error)")
    }

    @Test func jsonThatIsNotAJSONFeedIsRefusedSayingItIsJSON() throws {
        let json =
            #"{"status": "ok", "totalResults": 1, "articles": [{"title": "Storm Ilse", "url": "https://example.com/a"}]}"#
        let error = try #require(parseFailure(Array(json.utf8)))
        switch error {
        case .notAFeed, .invalidJSON: #expect(error.description.contains("JSON"), "\(error)")
        case .refused: Issue.record("expected notAFeed or invalidJSON, got \(error)")
        }
    }

    @Test func jsonThatDoesNotParseIsInvalidJSON() throws {
        let json = #"{"version": "https://jsonfeed.org/version/1.1", "title": "Cut", "items": [{"id": "1", "#
        let error = try #require(parseFailure(Array(json.utf8)))
        guard case .invalidJSON = error else {
            Issue.record("expected invalidJSON, got \(error)")
            return
        }
        #expect(error.description.contains("JSON"), "\(error)")
    }

    // MARK: ill-formed XML

    @Test func aTruncatedRSS20FeedKeepsItsCompleteItemsAndSaysItWasNotWellFormed() throws {
        let full = try fixtureBytes("rss20", "xml")
        let text = String(decoding: full, as: UTF8.self)
        // Cut in the middle of the third item's description.
        var thirdItem = text.startIndex
        for _ in 0..<3 {
            thirdItem = try #require(text.range(of: "<item>", range: thirdItem..<text.endIndex)).upperBound
        }
        let description = try #require(text.range(of: "<description>", range: thirdItem..<text.endIndex))
        let cut = text.index(description.upperBound, offsetBy: 20)
        let truncated = Array(text[..<cut].utf8)

        let feed = try FeedParser().parse(truncated)
        #expect(feed.format == .rss20)
        #expect(feed.wellFormed == false)
        #expect(feed.warnings.contains { $0.message.contains("not well-formed") }, "\(feed.warnings)")
        #expect(feed.title == "The Harbour Gazette \u{2014} World")
        try #require(feed.items.count >= 2)
        #expect(feed.items[0].title == "Ports close as Storm Ilse nears the north coast")
        #expect(feed.items[0].identity == "guid:hg-world-20250311-0412")
        #expect(feed.items[1].title == "Parliament passes emergency budget by 12 votes")
        #expect(feed.items[1].identity == "guid:tag:harbourgazette.example,2025:world/88213")
        if feed.items.count > 2 {
            #expect(feed.items[2].title == "Morning Briefing: Tuesday 11 March")
        }
    }

    // MARK: charsets, through the whole parser (expectations from Fixtures/encoding/README.md)

    @Test(
        "feeds in Russian, Ukrainian and Italian charsets come out as the right text",
        arguments: [
            (
                "ru-windows-1251", "windows-1251", CharsetSource.declaration, "Новости Приволжья",
                "В Нижнем Новгороде открыли новый мост через Оку"
            ),
            (
                "ru-koi8-r", "koi8-r", .declaration, "Сибирский вестник",
                "Морозы до минус сорока ожидаются в Новосибирске на выходных"
            ),
            (
                "uk-windows-1251", "windows-1251", .declaration, "Новини Полтавщини",
                "У Полтаві відкрили оновлену бібліотеку імені Котляревського"
            ),
            (
                "uk-koi8-u", "koi8-u", .declaration, "Львівські вісті",
                "Львівський трамвай отримає ще двадцять нових вагонів"
            ),
            (
                "uk-utf-16le-bom", "utf-16le", .byteOrderMark, "Київський кур’єр",
                "На Подолі з’явиться пішохідна зона вздовж Дніпра"
            ),
            (
                "uk-utf-16be-nobom", "utf-16be", .declaration, "Харківські новини",
                "Харківське метро продовжить роботу до опівночі"
            ),
            (
                "it-iso-8859-1", "windows-1252", .declaration, "Cronache di Città",
                "Università di Bologna, più fondi per la ricerca"
            ),
            (
                "it-iso-8859-15", "iso-8859-15", .declaration, "Il Corriere dell'Economia",
                "Il prezzo del caffè al bar sale a 1,50 €"
            ),
            (
                "it-windows-1252-as-latin1", "windows-1252", .declaration, "Notizie dall’Emilia",
                "Modena, “il bilancio è solido”: avanzo di 3 milioni di € — e nuove assunzioni"
            ),
            (
                "it-utf-8-bom", "utf-8", .byteOrderMark, "La Gazzetta di Trieste",
                "Trieste, al porto arrivano più navi: +12% rispetto all’anno scorso"
            ),
        ]
    )
    func charsets(file: String, charset: String, source: CharsetSource, feedTitle: String, itemTitle: String) throws {
        let feed = try FeedParser().parse(try fixtureBytes(file, "xml", subdirectory: "Fixtures/encoding"))
        #expect(feed.wellFormed)
        #expect(feed.charset == charset)
        #expect(feed.charsetSource == source)
        #expect(feed.title == feedTitle)
        #expect(feed.items.first?.title == itemTitle)
    }

    @Test func theCallersCharsetBeatsTheDeclarationButNotTheByteOrderMark() throws {
        // A windows-1251 feed served as koi8-r: the server is believed (RFC 7303), so the text is wrong but
        // says where the charset came from; a BOM overrides the server.
        let served = try FeedParser().parse(
            try fixtureBytes("ru-windows-1251", "xml", subdirectory: "Fixtures/encoding"),
            context: ParseContext(charset: "koi8-r")
        )
        #expect(served.charset == "koi8-r")
        #expect(served.charsetSource == .caller)
        let bom = try FeedParser().parse(
            try fixtureBytes("it-utf-8-bom", "xml", subdirectory: "Fixtures/encoding"),
            context: ParseContext(charset: "windows-1251")
        )
        #expect(bom.charsetSource == .byteOrderMark)
        #expect(bom.title == "La Gazzetta di Trieste")
    }

    @Test func invalidBytesAreReplacedCountedAndNeverFatal() throws {
        let feed = try FeedParser().parse(
            try fixtureBytes("ru-utf-8-invalid", "xml", subdirectory: "Fixtures/encoding")
        )
        #expect(feed.wellFormed)
        #expect(feed.items.first?.title == "Екатеринбургский метрополитен продлит вторую линию")
        #expect(feed.items.first?.summary?.filter { $0 == "\u{FFFD}" }.count == 3)
        #expect(feed.warnings.contains { $0.message.contains("3 invalid byte sequences") })
    }
}
