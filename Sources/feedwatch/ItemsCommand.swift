import ArgumentParser
import FeedStore
import Foundation

/// `feedwatch items`: stored stories, newest first, filtered by source, time and tag.
struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List stored stories, newest first.",
        discussion: """
            Prints one story a line: id, when first seen (UTC), source, revisions, title. Use the id with
            `feedwatch show`. Exit status: 0 ok; 66 no store at the path; 1 the store could not be read.
            """
    )

    @OptionGroup var location: StoreLocation
    @Option(help: "Only stories from this source (its name in the config).") var source: String?
    @Option(help: "Only stories first seen at or after this time (2024-05-01 or ISO 8601).") var since: String?
    @Option(help: "Only stories first seen before this time.") var until: String?
    @Option(help: "Only stories with this category, or from a source with this tag.") var tag: String?
    @Option(help: "At most this many stories.") var limit: Int = 20
    @Flag(help: "Print one JSON object a line instead.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let query = ItemQuery(
            source: source,
            since: try since.map(parseTime),
            until: try until.map(parseTime),
            tag: tag,
            limit: limit
        )
        try reportingStoreErrors {
            let items = try location.open().items(query)
            var output = StandardOutput()
            for item in items {
                output.line(json ? item.jsonLine : Self.line(item))
            }
            output.flush()
        }
    }

    static func line(_ item: StoredItem) -> String {
        let seen = item.firstSeen.formatted(.iso8601)
        let revisions = item.revisionCount > 1 ? " (\(item.revisionCount) revisions)" : ""
        return "\(item.id)\t\(seen)\t\(item.source)\t\(item.title ?? item.link ?? item.identity)\(revisions)"
    }
}
