import ArgumentParser
import FeedCore
import Foundation

/// `feedwatch extract`: one article page (HTML or plain text) in, the article out.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from an HTML page or a plain-text article.",
        discussion: """
            HTML or plain text is told from the bytes. JSON (the default) has keys in a fixed order, dates in
            ISO 8601 UTC (a date whose zone was assumed is {"at": …, "zone_assumed": true}), and
            reading_time_source "stated" when the page says it, "computed" (230 words a minute) otherwise.
            --format text prints the title, byline, dates, reading time, then the paragraphs.

            Exit status: 0 with an article; 1 when the page has no findable article; 66 when the file
            cannot be read; 64 for bad arguments.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument {
        case json, text
    }

    @Argument(help: "The page to read, or - for standard input.")
    var file: String

    @Option(help: "The URL the page was fetched from (resolves a relative canonical link).")
    var url: String?

    @Option(help: "The charset the transport declared (e.g. from HTTP Content-Type).")
    var charset: String?

    @Option(help: "IANA time zone assumed for dates that state none (default UTC).")
    var timezone: String = "UTC"

    @Option(help: "json or text.")
    var format: Format = .json

    func validate() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("unknown time zone '\(timezone)': use an IANA name such as Europe/Rome or UTC")
        }
        if let url, URL(string: url)?.scheme == nil { throw ValidationError("--url '\(url)' is not an absolute URL") }
    }

    func run() throws {
        let zone = TimeZone(identifier: timezone) ?? .gmt
        let bytes = try CommandIO.readOrExit(file)
        let article: Article
        do {
            article = try ArticleExtractor(timeZone: zone)
                .extract(document: bytes, charset: charset, url: url.flatMap(URL.init(string:)))
        } catch {
            CommandIO.printError("\(file): \(error)")
            throw ExitCode.failure
        }
        switch format {
        case .json: FileHandle.standardOutput.write(Data(ArticleJSON.encode(article)))
        case .text: FileHandle.standardOutput.write(Data(Self.text(article).utf8))
        }
    }

    /// The human form: header lines, a blank line, then the paragraphs separated by blank lines.
    static func text(_ article: Article) -> String {
        var lines: [String] = []
        lines.append(article.title ?? "(no title)")
        if !article.authors.isEmpty { lines.append("By " + article.authors.joined(separator: ", ")) }
        if let published = article.published { lines.append("Published: " + describe(published)) }
        if let updated = article.updated { lines.append("Updated: " + describe(updated)) }
        if let minutes = article.readingTimeMinutes {
            lines.append("Reading time: \(minutes) min (\(article.readingTimeSource?.rawValue ?? "computed"))")
        }
        return lines.joined(separator: "\n") + "\n\n" + article.paragraphs.joined(separator: "\n\n") + "\n"
    }

    private static func describe(_ date: FeedDate) -> String {
        ISO8601.string(date.instant) + (date.zoneAssumed ? " (zone assumed)" : "")
    }
}
