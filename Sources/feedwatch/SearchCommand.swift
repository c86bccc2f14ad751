import ArgumentParser
import FeedStore
import Foundation

/// `feedwatch search`: full-text search over stored stories, best match first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search stored stories' titles and text, best match first.",
        discussion: """
            QUERY is SQLite FTS5 syntax: words (all must match), "exact phrases", OR, NOT, prefix*, and
            title:word to match titles only. Plain text that is not valid FTS5 is searched as words.
            Prints id, source, title, then the best fragment with matches in [brackets].
            Exit status: 0 ok (even with no match); 65 a query SQLite cannot read; 66 no store.
            """
    )

    @OptionGroup var location: StoreLocation
    @Argument(help: "What to search for.") var query: String
    @Option(help: "At most this many results.") var limit: Int = 20
    @Flag(help: "Print one JSON object a line instead.") var json = false

    func run() throws {
        try reportingStoreErrors {
            let hits = try location.open().search(query, limit: limit)
            var output = StandardOutput()
            for hit in hits {
                if json {
                    output.line(hit.jsonLine)
                } else {
                    output.line("\(hit.item.id)\t\(hit.item.source)\t\(hit.item.title ?? hit.item.identity)")
                    output.line("    " + hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " "))
                }
            }
            output.flush()
        }
    }
}
