import ArgumentParser
import FeedCore
import Foundation

/// `feedwatch parse`: one feed file in, the normalised feed out.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files (RSS, Atom, JSON Feed) and print them normalised as JSON.",
        discussion: """
            Prints the normalised feed as JSON on stdout (keys in a fixed order, dates in ISO 8601 UTC;
            a date whose zone was assumed is printed as {"at": …, "zone_assumed": true}), and a one-line
            summary plus any warnings on stderr. With several files, one JSON document per file is printed.

            Charset precedence: a byte-order mark, then --charset (what HTTP said), then the XML
            declaration, then UTF-8.

            Exit status: 0 when every file was read as a feed (even an ill-formed one, which is recovered
            and flagged in its warnings); 1 when a file is not a feed or was refused; 66 when a file
            cannot be read; 64 for bad arguments.
            """
    )

    @Argument(help: "Feed files to read, or - for standard input.")
    var files: [String]

    @Option(name: .customLong("base-url"), help: "The URL the feed was fetched from, to resolve relative links.")
    var baseURL: String?

    @Option(help: "The charset the transport declared (e.g. from HTTP Content-Type).")
    var charset: String?

    @Option(help: "IANA time zone assumed for dates that state none (default UTC).")
    var timezone: String = "UTC"

    @Option(help: "Threads that normalise the items of one feed (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(
        name: .customLong("summary-only"),
        help: "Parse and normalise, but print only the summaries and the time spent parsing (for benchmarks)."
    )
    var summaryOnly = false

    func validate() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("unknown time zone '\(timezone)': use an IANA name such as Europe/Rome or UTC")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let baseURL, URL(string: baseURL)?.scheme == nil {
            throw ValidationError("--base-url '\(baseURL)' is not an absolute URL")
        }
    }

    func run() throws {
        var context = ParseContext(url: baseURL.flatMap { URL(string: $0) }, charset: charset)
        if let zone = TimeZone(identifier: timezone) { context.timeZone = zone }
        let parser = FeedParser(threads: jobs)
        var failure: ExitCode?
        // Time spent in FeedParser.parse alone (bytes already read, nothing printed), for the benchmark,
        // which times the Python parsers the same way.
        let clock = ContinuousClock()
        var parsing = Duration.zero
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try CommandIO.read(file)
            } catch {
                CommandIO.printError("\(file): cannot read: \(CommandIO.readFailure(error))")
                failure = failure ?? ExitCode(66)
                continue
            }
            let started = clock.now
            let outcome = Result { () throws(FeedParseError) in try parser.parse(bytes, context: context) }
            parsing += clock.now - started
            do {
                let feed = try outcome.get()
                if !summaryOnly { FeedJSON.write(feed) { FileHandle.standardOutput.write(Data($0)) } }
                CommandIO.printError(Self.summary(file, feed))
                for warning in feed.warnings { CommandIO.printError("\(file): warning: \(warning)") }
            } catch {
                CommandIO.printError("\(file): \(error)")
                failure = ExitCode.failure
            }
        }
        if summaryOnly {
            let seconds = Double(parsing.components.seconds) + Double(parsing.components.attoseconds) / 1e18
            CommandIO.printError(
                "parse-only seconds: \(String(format: "%.6f", seconds)) (FeedParser.parse, files already read)"
            )
        }
        if let failure { throw failure }
    }

    static func summary(_ file: String, _ feed: Feed) -> String {
        var parts = [
            "\(feed.format.rawValue)", "\(feed.items.count) items",
            "charset \(feed.charset) (\(feed.charsetSource.rawValue))",
        ]
        parts.append(feed.wellFormed ? "well-formed" : "NOT well-formed, recovered")
        if !feed.warnings.isEmpty { parts.append("\(feed.warnings.count) warning(s)") }
        return "\(file): " + parts.joined(separator: ", ")
    }
}
