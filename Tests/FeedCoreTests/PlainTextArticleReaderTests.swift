import Foundation
import Testing

@testable import FeedCore

/// The seed article and what the core must extract from it (../shared/seed, read in place).
enum Seed {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/seed")
    static let article = directory.appendingPathComponent("000_c771863dbf8fad4d.txt")
    static let expected = directory.appendingPathComponent("000_c771863dbf8fad4d.expected.json")
    static var isPresent: Bool { FileManager.default.fileExists(atPath: article.path) }
}

@Suite("Plain-text articles")
struct PlainTextArticleReaderTests {
    static func expectedSeed() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Seed.expected)) as? [String: Any])
    }

    @Test(
        "the seed gives what expected.json says, field for field, in UTC and in Europe/Rome",
        .enabled(if: Seed.isPresent, "../shared/seed is absent: seed test skipped"),
        arguments: ["UTC", "Europe/Rome"]
    )
    func seed(zone: String) throws {
        let expected = try Self.expectedSeed()
        let timeZone = try #require(TimeZone(identifier: zone))
        let article = try #require(
            PlainTextArticleReader.read(try String(contentsOf: Seed.article, encoding: .utf8), timeZone: timeZone)
        )
        #expect(article.title == expected["title"] as? String)
        #expect(article.readingTimeMinutes == expected["reading_time_minutes"] as? Int)
        #expect(article.readingTimeSource == .stated)
        #expect(article.language == expected["language"] as? String)
        #expect(article.paragraphs.count == expected["paragraph_count"] as? Int)
        #expect(article.paragraphs == expected["paragraphs"] as? [String])
        #expect(article.boilerplate == expected["boilerplate_removed"] as? [String])
        let (publishedKey, updatedKey) =
            zone == "UTC"
            ? ("published_local", "updated_local")
            : ("published_with_source_timezone_Europe_Rome", "updated_with_source_timezone_Europe_Rome")
        #expect(article.published?.instant == Self.instant(expected[publishedKey] as? String, zone: timeZone))
        #expect(article.updated?.instant == Self.instant(expected[updatedKey] as? String, zone: timeZone))
        #expect(article.published?.zoneAssumed == true)
        #expect(article.updated?.zoneAssumed == true)
    }

    /// "2022-04-05T16:48" (local, no zone) or "2022-04-05T16:48:00+02:00", as an instant.
    static func instant(_ text: String?, zone: TimeZone) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        if let stated = formatter.date(from: text) { return stated }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = zone
        local.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return local.date(from: text)
    }

    @Test func anItalianArticleReadsItsDateLineAndReadingTime() throws {
        let text = """
            Modena, il bilancio è solido

            Modena, il bilancio è solido
            2 Minuti di Lettura
            Martedì 5 Aprile 2022, 16:48 - Ultimo aggiornamento: 18:50

            Il consiglio comunale ha approvato il bilancio con un avanzo di tre milioni di euro, che sarà usato per le scuole.

            Leggi anche: la nuova linea del tram arriva in centro entro la fine del prossimo anno

            Secondo l'assessore, la città non ha debiti e i conti sono in ordine per il terzo anno di fila.
            """
        let rome = try #require(TimeZone(identifier: "Europe/Rome"))
        let article = try #require(PlainTextArticleReader.read(text, timeZone: rome))
        #expect(article.title == "Modena, il bilancio è solido")
        #expect(article.readingTimeMinutes == 2)
        #expect(article.published == FeedDate(instant: Date(timeIntervalSince1970: 1_649_170_080), zoneAssumed: true))
        #expect(article.updated == FeedDate(instant: Date(timeIntervalSince1970: 1_649_177_400), zoneAssumed: true))
        #expect(article.paragraphs.count == 2)
        #expect(
            article.boilerplate == [
                "Leggi anche: la nuova linea del tram arriva in centro entro la fine del prossimo anno"
            ]
        )
        #expect(article.language == "it")
    }

    @Test func aShortHeadingStaysAndTheReadingTimeIsComputedWhenNotStated() throws {
        let text = """
            A title

            First paragraph of the story, with enough words to be a sentence.

            What comes next

            Second paragraph of the story.
            """
        let article = try #require(PlainTextArticleReader.read(text))
        #expect(
            article.paragraphs == [
                "First paragraph of the story, with enough words to be a sentence.", "What comes next",
                "Second paragraph of the story.",
            ]
        )
        #expect(article.boilerplate.isEmpty)
        #expect(article.readingTimeMinutes == 1)
        #expect(article.readingTimeSource == .computed)
        #expect(article.published == nil)
    }

    @Test func textWithoutABodyIsNoArticle() {
        #expect(PlainTextArticleReader.read("Only a title\n") == nil)
        #expect(PlainTextArticleReader.read("   \n\n") == nil)
    }

    @Test(
        "language is guessed from stop words",
        arguments: [
            ("en", "The council said that the plan for the city was ready and it would be voted on in the spring."),
            (
                "it",
                "Il consiglio ha detto che il piano per la città è pronto e che sarà votato in primavera dal consiglio."
            ),
            ("fr", "Le conseil a dit que le plan pour la ville est prêt et qu'il sera voté au printemps par les élus."),
            (
                "de",
                "Der Rat sagte, dass der Plan für die Stadt fertig ist und im Frühjahr von den Mitgliedern beschlossen wird."
            ),
            (
                "es",
                "El consejo dijo que el plan para la ciudad está listo y que se votará en la primavera por los concejales."
            ),
            ("ru", "Совет заявил, что план для города готов и что его утвердят весной, как и было обещано."),
            ("uk", "Рада заявила, що план для міста готовий і що його ухвалять навесні, як і було обіцяно."),
        ]
    )
    func language(code: String, text: String) {
        #expect(LanguageGuess.language(of: [text]) == code)
    }
}
