import Foundation
import Testing

/// `feedwatch parse` run as a user runs it: the built binary, its exit status, stdout and stderr.
struct ParseCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `feedwatch` binary `swift build` put beside this test bundle.
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("feedwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "feedwatch")
    }()

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the built `feedwatch` with this process's environment, less the variables tests set, plus
    /// `environment`, and returns its exit status and output.
    static func feedwatch(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Run
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited["FEEDWATCH_CONFIG"] = nil
        inherited["FEEDWATCH_TOKEN"] = nil
        inherited["FEEDWATCH_STORE"] = nil
        process.environment = inherited.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }

    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    @Test func theSampleFeedPrintsJSONAndASummary() throws {
        let run = try Self.feedwatch([
            "parse", Self.repository.appendingPathComponent("Samples/feeds/world-news.xml").path,
        ])
        #expect(run.status == 0)
        #expect(run.stderr.contains("rss2.0, 2 items, charset utf-8 (declaration), well-formed"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "rss2.0")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.first?["title"] as? String == "Czech Republic sends tanks to Ukraine")
        #expect(items.first?["published"] as? String == "2022-04-05T14:48:00Z")
    }

    @Test func standardInputIsReadWithADash() throws {
        let bytes = try Data(contentsOf: Self.repository.appendingPathComponent("Samples/feeds/world-news.xml"))
        let run = try Self.feedwatch(["parse", "--summary-only", "-"], stdin: bytes)
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("-: rss2.0, 2 items"))
    }

    @Test func anHTMLPageExitsOneSayingWhatItIs() throws {
        let run = try Self.feedwatch(["parse", try Self.fixture("page.html")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("not a feed: found an HTML page (root element <html>)"))
    }

    @Test func aMissingFileExits66() throws {
        let run = try Self.feedwatch(["parse", "/nonexistent/feed.xml"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("/nonexistent/feed.xml: cannot read: no such file"))
    }

    @Test func anUnknownTimeZoneIsAUsageError() throws {
        let run = try Self.feedwatch(["parse", "--timezone", "Mars/Base", "-"], stdin: Data())
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown time zone 'Mars/Base'"))
    }

    @Test func theTimeZoneOptionMarksAssumedZones() throws {
        let feed = """
            <rss version="2.0"><channel><title>t</title><item><title>a</title>
            <pubDate>2022-04-05 16:48:00</pubDate></item></channel></rss>
            """
        let run = try Self.feedwatch(["parse", "--timezone", "Europe/Rome", "-"], stdin: Data(feed.utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"published\": { \"at\": \"2022-04-05T14:48:00Z\", \"zone_assumed\": true }"))
    }
}
