import ArgumentParser
import FeedStore
import Foundation

/// `feedwatch export`: every stored story with all its revisions, as JSON Lines, streamed.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored stories with every revision as JSON Lines on stdout, oldest first.",
        discussion: """
            One JSON object a line: the story (id, source, identity, link, first_seen, cluster …) and
            revision_list, each revision with its text, HTML and hashes. Memory stays constant however large
            the store, and the daemon keeps writing meanwhile. Exit status: 0 ok; 66 no store; 1 read error.
            """
    )

    @OptionGroup var location: StoreLocation
    @Option(help: "Only stories from this source.") var source: String?
    @Option(help: "Only stories first seen at or after this time.") var since: String?
    @Option(help: "Only stories first seen before this time.") var until: String?
    @Option(help: "Only stories with this category or source tag.") var tag: String?

    func run() throws {
        let query = ItemQuery(
            source: source,
            since: try since.map(parseTime),
            until: try until.map(parseTime),
            tag: tag
        )
        try reportingStoreErrors {
            var output = StandardOutput()
            try location.open().export(query) { story in output.line(story.jsonLine) }
            output.flush()
        }
    }
}
